import type { ModuleId } from '../catalog/index.js';
import { estimateInference } from './sim-perf-model.js';
import type { SimCalibration, SimModelHints, SimPrecision } from './sim-model-hints.types.js';

export interface SimBuildTimeInput {
  readonly moduleId: ModuleId;
  readonly gpuMHz: number;
  readonly precision: SimPrecision;
  readonly calibration: SimCalibration;
  readonly inputSize: number | { readonly width: number; readonly height: number };
  readonly hints?: SimModelHints;
  readonly timingCacheWarm?: boolean;
  readonly dla?: boolean;
  /** Wall-clock compression for tests and demos: 1 = real time, 0.01 = 100× faster. */
  readonly timeFactor?: number;
}

/**
 * Reference §5.4 build costs: FP16 YOLO on Orin 3–10 min (secondary), INT8 engines for five models on AGX Xavier
 * ≈ 2.5 h (≈ 30 min each, calibration included), FP32 ResNet-18-class on Nano ≈ 185 s. Tactic timing dominates,
 * so time grows with the square root of the FP16 kernel time: 150 s × √ms puts Orin Nano Super YOLOv8n at ≈ 5 min.
 */
const SECONDS_PER_SQRT_MS = 150;

function precisionFactor(precision: SimPrecision, calibration: SimCalibration): number {
  switch (precision) {
    case 'FP32':
      return 0.6;
    case 'FP16':
      return 1;
    case 'INT8':
      // A calibration pass over the dataset comes on top of timing INT8 and FP16 tactics.
      return calibration === 'calibrated' ? 3 : 1.3;
    case 'BEST':
      return calibration === 'calibrated' ? 3.3 : 1.6;
  }
}

/** Simulated `Engine built in <s> sec.` (already multiplied by `timeFactor`). */
export function estimateBuildSeconds(input: SimBuildTimeInput): number {
  const fp16 = estimateInference({
    moduleId: input.moduleId,
    gpuMHz: input.gpuMHz,
    precision: 'FP16',
    inputSize: input.inputSize,
    ...(input.hints === undefined ? {} : { hints: input.hints }),
  });
  const cache = input.timingCacheWarm === true ? 0.3 : 1;
  const dla = input.dla === true ? 1.2 : 1;
  return (
    SECONDS_PER_SQRT_MS *
    Math.sqrt(fp16.gpuMs) *
    precisionFactor(input.precision, input.calibration) *
    cache *
    dla *
    (input.timeFactor ?? 1)
  );
}
