import type { SimCalibration, SimModelHints, SimPrecision } from './sim-model-hints.types.js';
import type { SimRandom } from './sim-random.util.js';

/** YOLOv7 FP16 mAP@.5 on COCO (NVIDIA-AI-IOT/yolo_deepstream yolov7_qat README); FP32 ≈ FP16. */
const DEFAULT_FP32_AP50 = 0.6973;
/** FP16 is near-lossless (assumed 0.05 points). */
const FP16_DROP = 0.0005;
/** yolo_deepstream: QAT INT8 0.6962 vs FP16 0.6973. */
const EXPLICIT_INT8_DROP = 0.6973 - 0.6962;
/** Calibrated PTQ: assumed 1 point, between yolo_deepstream's QAT (0.1) and its naive PTQ (6.6, 0.6317). */
const CALIBRATED_INT8_DROP = 0.01;
/** Placeholder dynamic ranges (no `--calib`): the engine is only good for timing. */
const UNCALIBRATED_KEEP = 0.02;

export interface SimAccuracyInput {
  readonly precision: SimPrecision;
  /** Only matters for INT8/BEST. */
  readonly calibration: SimCalibration;
  readonly hints?: SimModelHints;
  /** Evaluation noise (± 0.1 point); omit for the expected value. */
  readonly random?: SimRandom;
}

/** AP50 the simulated engine scores on its evaluation set. */
export function estimateAp50(input: SimAccuracyInput): number {
  const fp32 = input.hints?.fp32Ap50 ?? DEFAULT_FP32_AP50;
  let ap = fp32;
  if (input.precision === 'FP16') ap -= FP16_DROP;
  if (input.precision === 'INT8' || input.precision === 'BEST') {
    switch (input.calibration) {
      case 'explicit':
        ap -= EXPLICIT_INT8_DROP + (input.hints?.int8ExtraDrop ?? 0);
        break;
      case 'calibrated':
        ap -= CALIBRATED_INT8_DROP + (input.hints?.int8ExtraDrop ?? 0);
        break;
      case 'none':
        ap = fp32 * UNCALIBRATED_KEEP;
        break;
    }
  }
  const noise = input.random === undefined ? 0 : input.random.uniform(-0.001, 0.001);
  return Math.min(1, Math.max(0, ap + noise));
}
