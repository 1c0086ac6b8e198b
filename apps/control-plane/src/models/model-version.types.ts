import type { OnnxInfo } from '../artifacts/onnx/onnx-info.types.js';

/** Simulation-only hints for the simulated fleet; real devices ignore them. */
export interface SimHints {
  /** AP50 of the FP32 model on the golden set. */
  fp32Ap50?: number;
  /** Extra AP50 lost by INT8 beyond the usual calibration loss. */
  int8ExtraDrop?: number;
  /** Multiplies the simulated inference latency. */
  latencyScale?: number;
  /** Multiplies the simulated inference power draw. */
  powerScale?: number;
}

export interface RegisterModelVersion {
  modelName: string;
  version: string;
  onnxSha256: string;
  inputDescription?: string | null;
  calibrationSha256?: string | null;
  goldenSha256?: string | null;
  simHints?: SimHints | null;
}

/** A registered model version, as other features (builds, rollouts) use it. */
export interface ModelVersionRecord {
  id: string;
  modelId: string;
  modelName: string;
  version: string;
  onnxSha256: string;
  onnx: OnnxInfo;
  inputDescription: string | null;
  calibrationSha256: string | null;
  goldenSha256: string | null;
  simHints: SimHints | null;
  createdAt: Date;
}

export interface ModelRecord {
  id: string;
  name: string;
  createdAt: Date;
}
