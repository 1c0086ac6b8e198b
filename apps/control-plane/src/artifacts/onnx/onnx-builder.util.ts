import { onnxType } from './onnx-reader.js';

export interface OnnxTensorSpec {
  name: string;
  /** TensorProto.DataType number; 1 = FLOAT. */
  elemType?: number;
  /** A number is a static dim, a string a symbolic one, null an unknown one. */
  dims: (number | string | null)[];
}

export interface OnnxModelSpec {
  irVersion?: number;
  opset?: number;
  producerName?: string;
  inputs: OnnxTensorSpec[];
  outputs: OnnxTensorSpec[];
  /** Initializers (weights): name and raw byte size. Listed as graph inputs too, as IR < 4 models do. */
  weights?: { name: string; bytes: number }[];
}

const valueInfo = (t: OnnxTensorSpec) => ({
  name: t.name,
  type: {
    tensor_type: {
      elem_type: t.elemType ?? 1,
      shape: {
        dim: t.dims.map((d) => (typeof d === 'number' ? { dim_value: d } : d === null ? {} : { dim_param: d })),
      },
    },
  },
});

/**
 * Encodes a small but genuine ONNX ModelProto (graph inputs, outputs, one Identity node, optional
 * weights): the fixtures of the tests and the synthetic models of the simulated fleet.
 */
export function buildOnnxModel(spec: OnnxModelSpec): Buffer {
  const weights = spec.weights ?? [];
  const ModelProto = onnxType('ModelProto');
  const model = ModelProto.fromObject({
    ir_version: spec.irVersion ?? 8,
    producer_name: spec.producerName ?? 'jetfleet-test',
    opset_import: [{ domain: '', version: spec.opset ?? 17 }],
    graph: {
      name: 'main',
      node: [{ op_type: 'Identity', input: [spec.inputs[0]?.name ?? 'x'], output: [spec.outputs[0]?.name ?? 'y'] }],
      initializer: weights.map((w) => ({
        name: w.name,
        data_type: 1,
        dims: [w.bytes / 4],
        raw_data: Buffer.alloc(w.bytes, 7),
      })),
      input: [...spec.inputs.map(valueInfo), ...weights.map((w) => valueInfo({ name: w.name, dims: [w.bytes / 4] }))],
      output: spec.outputs.map(valueInfo),
    },
  });
  return Buffer.from(ModelProto.encode(model).finish());
}
