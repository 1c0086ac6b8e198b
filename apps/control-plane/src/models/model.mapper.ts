import type { OnnxInfo } from '../artifacts/onnx/onnx-info.types.js';
import type { ModelVersionRow } from './model.repository.js';
import type { ModelVersionRecord } from './model-version.types.js';

/** Row → record. `onnx_info` was written from `OnnxReader` output, so it has that shape. */
export function toModelVersion(row: ModelVersionRow): ModelVersionRecord {
  return {
    id: row.id,
    modelId: row.modelId,
    modelName: row.modelName,
    version: row.version,
    onnxSha256: row.onnxSha256,
    onnx: row.onnxInfo as unknown as OnnxInfo,
    inputDescription: row.inputDescription,
    calibrationSha256: row.calibrationSha256,
    goldenSha256: row.goldenSha256,
    simHints: row.simHints,
    createdAt: row.createdAt,
  };
}
