/** One dimension of a graph input or output: a fixed size, a named symbol, or unknown. */
export interface OnnxDim {
  /** Set for a static dimension (`dim_value`). */
  value: number | null;
  /** Set for a symbolic dimension (`dim_param`, e.g. "batch"); both null means unknown. */
  param: string | null;
}

export type OnnxValueKind = 'tensor' | 'sparse_tensor' | 'sequence' | 'map' | 'optional' | 'unknown';

export interface OnnxValueInfo {
  name: string;
  kind: OnnxValueKind;
  /** TensorProto.DataType name ("FLOAT", "FLOAT16", "INT8", …) for tensors; null otherwise. */
  elemType: string | null;
  /** null when the model gives no shape (unknown rank). */
  dims: OnnxDim[] | null;
  /** True when any dimension is not a fixed positive size, or the rank is unknown. */
  dynamic: boolean;
}

export interface OnnxOpset {
  /** "ai.onnx" for the default domain (stored as "" in the file). */
  domain: string;
  version: number;
}

/** What the control plane reads from an ONNX file; stored as `model_versions.onnx_info`. */
export interface OnnxInfo {
  irVersion: number;
  /** Opset of the default ("ai.onnx") domain. */
  opset: number;
  opsetImports: OnnxOpset[];
  producerName: string | null;
  producerVersion: string | null;
  graphName: string | null;
  /** Graph inputs that are not initializers (weights), in file order. */
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}
