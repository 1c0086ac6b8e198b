import protobuf from 'protobufjs';
import type { OnnxDim, OnnxInfo, OnnxOpset, OnnxValueInfo, OnnxValueKind } from './onnx-info.types.js';
import { ONNX_ELEM_TYPES, ONNX_PROTO } from './onnx-proto.constant.js';
import { ProtobufScanError, ProtobufScanner, type ScanPlan } from './protobuf-scanner.js';

export class InvalidOnnxError extends Error {
  constructor(readonly reason: string) {
    super(`not a valid ONNX model: ${reason}`);
    this.name = 'InvalidOnnxError';
  }
}

let root: protobuf.Root | null = null;
/** The ONNX message types (field names as in onnx.proto); the tests encode fixtures with them. */
export function onnxType(name: 'ModelProto' | 'ValueInfoProto' | 'OperatorSetIdProto'): protobuf.Type {
  root ??= protobuf.parse(ONNX_PROTO, { keepCase: true }).root;
  return root.lookupType(`onnx.${name}`);
}

const SMALL = { capture: 64 * 1024 };
const VALUE_INFO = { capture: 4 * 1024 * 1024 };
const VARINT = { capture: 10, varint: true };
/** TensorProto fields that matter: its name (8) and whether its data lives in another file (14). */
const TENSOR: ScanPlan = { 8: SMALL, 14: VARINT };

// ModelProto: ir_version 1, producer 2/3, graph 7, opset_import 8. GraphProto: name 2,
// initializer 5, input 11, output 12, sparse_initializer 15 (its values 1 is a TensorProto).
// Everything else — nodes and the weights' bytes above all — is skipped unread.
const PLAN: ScanPlan = {
  1: VARINT,
  2: SMALL,
  3: SMALL,
  8: SMALL,
  7: { 2: SMALL, 5: TENSOR, 11: VALUE_INFO, 12: VALUE_INFO, 15: { 1: TENSOR } },
};

const DATA_LOCATION_EXTERNAL = 1n;
const MAX_DIM = 2 ** 31 - 1;
const MAX_IR_VERSION = 100;
const decoder = new TextDecoder('utf-8', { fatal: true });

const key = (path: readonly number[]): string => path.join('.');

/**
 * Reads the parts of an ONNX ModelProto the control plane needs (IR version, opsets, graph
 * inputs without the initializers, outputs) from a stream of chunks, holding only those parts
 * in memory. `push` never throws: the first problem is kept and reported by `finish`, so an
 * upload can be read to its end (and its digest checked) before it is refused.
 */
export class OnnxReader {
  private readonly scanner: ProtobufScanner;
  private failure: InvalidOnnxError | null = null;
  private irVersion: bigint | null = null;
  private producerName: string | null = null;
  private producerVersion: string | null = null;
  private graphName: string | null = null;
  private graphSeen = false;
  private externalData = false;
  private readonly opsets: Uint8Array[] = [];
  private readonly inputs: Uint8Array[] = [];
  private readonly outputs: Uint8Array[] = [];
  private readonly initializers = new Set<string>();

  constructor() {
    this.scanner = new ProtobufScanner(PLAN, {
      message: (path) => {
        if (key(path) === '7') this.graphSeen = true;
      },
      field: (path, value) => this.onField(key(path), value),
    });
  }

  push(chunk: Uint8Array): void {
    if (this.failure !== null) return;
    try {
      this.scanner.push(chunk);
    } catch (err) {
      this.failure = asInvalidOnnx(err);
    }
  }

  /** The model's description; throws `InvalidOnnxError` naming the first problem found. */
  finish(): OnnxInfo {
    if (this.scanner.bytesRead === 0) throw new InvalidOnnxError('the file is empty');
    if (this.failure === null) {
      try {
        this.scanner.finish();
      } catch (err) {
        this.failure = asInvalidOnnx(err);
      }
    }
    if (this.failure !== null) throw this.failure;
    return this.build();
  }

  private onField(path: string, value: bigint | Uint8Array): void {
    const bytes = value instanceof Uint8Array ? value : null;
    switch (path) {
      case '1':
        if (typeof value === 'bigint') this.irVersion = value;
        return;
      case '2':
        this.producerName = bytes && text(bytes, 'producer_name');
        return;
      case '3':
        this.producerVersion = bytes && text(bytes, 'producer_version');
        return;
      case '8':
        if (bytes) this.opsets.push(bytes);
        return;
      case '7.2':
        this.graphName = bytes && text(bytes, 'graph name');
        return;
      case '7.5.8':
      case '7.15.1.8':
        if (bytes) this.initializers.add(text(bytes, 'initializer name'));
        return;
      case '7.5.14':
      case '7.15.1.14':
        if (value === DATA_LOCATION_EXTERNAL) this.externalData = true;
        return;
      case '7.11':
        if (bytes) this.inputs.push(bytes);
        return;
      case '7.12':
        if (bytes) this.outputs.push(bytes);
        return;
      default:
        return;
    }
  }

  private build(): OnnxInfo {
    if (this.irVersion === null) throw new InvalidOnnxError('ir_version is missing');
    if (this.irVersion < 1n || this.irVersion > BigInt(MAX_IR_VERSION)) {
      throw new InvalidOnnxError(`ir_version ${this.irVersion} is out of range`);
    }
    if (!this.graphSeen) throw new InvalidOnnxError('the model has no graph');
    if (this.externalData) {
      throw new InvalidOnnxError(
        'weights are stored in external data files; upload a single-file model (save without external data)',
      );
    }
    const opsetImports = this.opsets.map(decodeOpset);
    const defaultOpset = opsetImports.find((o) => o.domain === 'ai.onnx');
    if (!defaultOpset) throw new InvalidOnnxError('opset_import has no entry for the default ai.onnx domain');
    const inputs = this.inputs
      .map((b, i) => decodeValueInfo(b, `graph input #${i}`))
      .filter((v) => !this.initializers.has(v.name));
    const outputs = this.outputs.map((b, i) => decodeValueInfo(b, `graph output #${i}`));
    if (outputs.length === 0) throw new InvalidOnnxError('the graph has no outputs');
    return {
      irVersion: Number(this.irVersion),
      opset: defaultOpset.version,
      opsetImports,
      producerName: this.producerName || null,
      producerVersion: this.producerVersion || null,
      graphName: this.graphName || null,
      inputs,
      outputs,
    };
  }
}

/** Reads a whole ONNX file held in memory. */
export function readOnnxInfo(bytes: Uint8Array): OnnxInfo {
  const reader = new OnnxReader();
  reader.push(bytes);
  return reader.finish();
}

function asInvalidOnnx(err: unknown): InvalidOnnxError {
  if (err instanceof InvalidOnnxError) return err;
  if (err instanceof ProtobufScanError) return new InvalidOnnxError(`not a protobuf ModelProto: ${err.message}`);
  throw err;
}

function text(bytes: Uint8Array, what: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new InvalidOnnxError(`${what} is not valid UTF-8`);
  }
}

interface DecodedDim {
  dim_value?: number;
  dim_param?: string;
}
interface DecodedTensorType {
  elem_type?: number;
  shape?: { dim?: DecodedDim[] };
}
interface DecodedValueInfo {
  name?: string;
  type?: {
    tensor_type?: DecodedTensorType;
    sparse_tensor_type?: DecodedTensorType;
    sequence_type?: object;
    map_type?: object;
    optional_type?: object;
  };
}

function decodeMessage<T>(type: 'ValueInfoProto' | 'OperatorSetIdProto', bytes: Uint8Array, what: string): T {
  try {
    const message = onnxType(type).decode(bytes);
    return onnxType(type).toObject(message, { longs: Number, enums: Number, defaults: false }) as T;
  } catch (err) {
    throw new InvalidOnnxError(`${what} cannot be decoded: ${(err as Error).message}`);
  }
}

function decodeOpset(bytes: Uint8Array, i: number): OnnxOpset {
  const o = decodeMessage<{ domain?: string; version?: number }>('OperatorSetIdProto', bytes, `opset_import #${i}`);
  if (!Number.isSafeInteger(o.version) || (o.version ?? 0) < 1) {
    throw new InvalidOnnxError(`opset_import #${i} has no valid version`);
  }
  return { domain: !o.domain || o.domain === 'ai.onnx' ? 'ai.onnx' : o.domain, version: o.version as number };
}

function decodeValueInfo(bytes: Uint8Array, what: string): OnnxValueInfo {
  const v = decodeMessage<DecodedValueInfo>('ValueInfoProto', bytes, what);
  if (!v.name) throw new InvalidOnnxError(`${what} has no name`);
  const t = v.type ?? {};
  const kind: OnnxValueKind = t.tensor_type
    ? 'tensor'
    : t.sparse_tensor_type
      ? 'sparse_tensor'
      : t.sequence_type
        ? 'sequence'
        : t.map_type
          ? 'map'
          : t.optional_type
            ? 'optional'
            : 'unknown';
  const tensor = t.tensor_type ?? t.sparse_tensor_type;
  const dims = tensor?.shape
    ? (tensor.shape.dim ?? []).map((d, i) => toDim(d, `${what} ("${v.name}") dim ${i}`))
    : null;
  const elem = tensor?.elem_type;
  return {
    name: v.name,
    kind,
    elemType: elem === undefined ? null : (ONNX_ELEM_TYPES[elem] ?? `UNKNOWN_${elem}`),
    dims,
    dynamic: dims === null || dims.some((d) => d.value === null || d.value <= 0),
  };
}

function toDim(d: DecodedDim, what: string): OnnxDim {
  if (d.dim_value !== undefined) {
    if (!Number.isSafeInteger(d.dim_value) || d.dim_value > MAX_DIM) {
      throw new InvalidOnnxError(`${what} is out of range (${d.dim_value})`);
    }
    return { value: d.dim_value, param: null };
  }
  return { value: null, param: d.dim_param || null };
}
