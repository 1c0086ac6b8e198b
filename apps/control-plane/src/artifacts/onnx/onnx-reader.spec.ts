import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildOnnxModel } from './onnx-builder.util.js';
import { InvalidOnnxError, OnnxReader, onnxType, readOnnxInfo } from './onnx-reader.js';

const yoloStatic = () =>
  buildOnnxModel({
    irVersion: 8,
    opset: 17,
    producerName: 'pytorch',
    inputs: [{ name: 'images', dims: [1, 3, 640, 640] }],
    outputs: [{ name: 'output0', dims: [1, 84, 8400] }],
    weights: [
      { name: 'model.0.conv.weight', bytes: 4096 },
      { name: 'model.0.conv.bias', bytes: 64 },
    ],
  });

const yoloDynamic = () =>
  buildOnnxModel({
    inputs: [{ name: 'images', elemType: 10, dims: ['batch', 3, 'height', 'width'] }],
    outputs: [{ name: 'output0', elemType: 10, dims: ['batch', 84, null] }],
  });

/** Deterministic pseudo-random bytes. */
function noise(n: number, seed: string): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i += 32) createHash('sha256').update(`${seed}:${i}`).digest().copy(out, i);
  return out;
}

function reason(bytes: Uint8Array): string {
  try {
    readOnnxInfo(bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidOnnxError);
    return (err as InvalidOnnxError).message;
  }
  throw new Error('expected the bytes to be refused');
}

describe('readOnnxInfo', () => {
  it('reads a static-input model, leaving the weights out of the inputs', () => {
    expect(readOnnxInfo(yoloStatic())).toEqual({
      irVersion: 8,
      opset: 17,
      opsetImports: [{ domain: 'ai.onnx', version: 17 }],
      producerName: 'pytorch',
      producerVersion: null,
      graphName: 'main',
      inputs: [
        {
          name: 'images',
          kind: 'tensor',
          elemType: 'FLOAT',
          dims: [1, 3, 640, 640].map((value) => ({ value, param: null })),
          dynamic: false,
        },
      ],
      outputs: [
        {
          name: 'output0',
          kind: 'tensor',
          elemType: 'FLOAT',
          dims: [1, 84, 8400].map((value) => ({ value, param: null })),
          dynamic: false,
        },
      ],
    });
  });

  it('reads symbolic and unknown dims of a dynamic batch/height/width model', () => {
    const info = readOnnxInfo(yoloDynamic());
    expect(info.inputs).toEqual([
      {
        name: 'images',
        kind: 'tensor',
        elemType: 'FLOAT16',
        dims: [
          { value: null, param: 'batch' },
          { value: 3, param: null },
          { value: null, param: 'height' },
          { value: null, param: 'width' },
        ],
        dynamic: true,
      },
    ]);
    expect(info.outputs[0]?.dims).toEqual([
      { value: null, param: 'batch' },
      { value: 84, param: null },
      { value: null, param: null },
    ]);
    expect(info.outputs[0]?.dynamic).toBe(true);
  });

  it('reports an input without a shape as dynamic with unknown rank', () => {
    const ModelProto = onnxType('ModelProto');
    const bytes = ModelProto.encode(
      ModelProto.fromObject({
        ir_version: 9,
        opset_import: [
          { domain: 'ai.onnx', version: 19 },
          { domain: 'com.microsoft', version: 1 },
        ],
        graph: {
          input: [{ name: 'x', type: { tensor_type: { elem_type: 3 } } }],
          output: [{ name: 'y', type: { sequence_type: { elem_type: { tensor_type: { elem_type: 1 } } } } }],
        },
      }),
    ).finish();
    const info = readOnnxInfo(bytes);
    expect(info.opsetImports).toEqual([
      { domain: 'ai.onnx', version: 19 },
      { domain: 'com.microsoft', version: 1 },
    ]);
    expect(info.inputs).toEqual([{ name: 'x', kind: 'tensor', elemType: 'INT8', dims: null, dynamic: true }]);
    expect(info.outputs).toEqual([{ name: 'y', kind: 'sequence', elemType: null, dims: null, dynamic: true }]);
  });

  it('gives the same answer whatever the chunking of the stream', () => {
    const bytes = yoloStatic();
    const whole = readOnnxInfo(bytes);
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const reader = new OnnxReader();
      for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size));
      expect(reader.finish()).toEqual(whole);
    }
  });

  it('refuses garbage bytes', () => {
    expect(reason(noise(4096, 'garbage'))).toMatch(/^not a valid ONNX model: /);
    expect(reason(Buffer.from('this is a text file, not a model\n'))).toMatch(/not a valid ONNX model/);
    expect(reason(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'))).toMatch(/not a protobuf ModelProto/);
  });

  it('refuses an empty file', () => {
    expect(reason(new Uint8Array(0))).toBe('not a valid ONNX model: the file is empty');
  });

  it('refuses a file truncated anywhere inside the graph', () => {
    const bytes = yoloStatic();
    expect(reason(bytes.subarray(0, Math.floor(bytes.length / 2)))).toMatch(/truncated/);
    const ModelProto = onnxType('ModelProto');
    const graphEnd = bytes.length - ModelProto.encode({ producer_name: 'pytorch' }).finish().length;
    for (let cut = 1; cut < graphEnd; cut += 97) expect(() => readOnnxInfo(bytes.subarray(0, cut))).toThrow();
  });

  it('refuses a protobuf that is not a ModelProto', () => {
    const ModelProto = onnxType('ModelProto');
    const noGraph = ModelProto.encode({ ir_version: 8, opset_import: [{ domain: '', version: 17 }] }).finish();
    expect(reason(noGraph)).toBe('not a valid ONNX model: the model has no graph');

    const ValueInfo = onnxType('ValueInfoProto');
    const valueInfo = ValueInfo.encode(ValueInfo.fromObject({ name: 'images', doc_string: 'x' })).finish();
    expect(reason(valueInfo)).toMatch(/not a protobuf ModelProto: field 1 has wire type 2/);

    const noIr = ModelProto.encode({ graph: { output: [{ name: 'y' }] } }).finish();
    expect(reason(noIr)).toMatch(/ir_version is missing/);
  });

  it('refuses a model without the default opset or without outputs', () => {
    const ModelProto = onnxType('ModelProto');
    const noOpset = ModelProto.encode({ ir_version: 8, graph: { output: [{ name: 'y' }] } }).finish();
    expect(reason(noOpset)).toMatch(/default ai.onnx domain/);
    const noOutputs = ModelProto.encode({ ir_version: 8, opset_import: [{ version: 17 }], graph: {} }).finish();
    expect(reason(noOutputs)).toMatch(/no outputs/);
  });

  it('refuses weights kept in external data files', () => {
    const ModelProto = onnxType('ModelProto');
    const bytes = ModelProto.encode(
      ModelProto.fromObject({
        ir_version: 8,
        opset_import: [{ version: 17 }],
        graph: {
          initializer: [{ name: 'w', data_location: 1, external_data: [{ key: 'location', value: 'w.bin' }] }],
          output: [{ name: 'y' }],
        },
      }),
    ).finish();
    expect(reason(bytes)).toMatch(/external data/);
  });
});
