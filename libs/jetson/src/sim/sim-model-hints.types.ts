/** Precisions a simulated engine can be built with (trtexec `--fp16` / `--int8` / `--best`). */
export type SimPrecision = 'FP32' | 'FP16' | 'INT8' | 'BEST';

/** How an INT8 engine got its dynamic ranges. `none` = trtexec `Calibration: Dynamic` placeholder ranges. */
export type SimCalibration = 'calibrated' | 'explicit' | 'none';

/** Simulation-only hints a model version may carry; they never reach a real device. */
export interface SimModelHints {
  /** AP50 of the FP32 engine on the evaluation set. */
  readonly fp32Ap50?: number;
  /** Extra AP50 lost by a calibrated INT8 engine on top of the default drop. */
  readonly int8ExtraDrop?: number;
  /**
   * GPU work relative to a YOLOv8n-class detector at the same input size (YOLOX-S ≈ 1.5 to match Idein's Orin Nano
   * run, YOLOv7 ≈ 4.9 to match yolo_deepstream on AGX Orin).
   */
  readonly latencyScale?: number;
  /** GPU power relative to a YOLOv8n-class detector at the same load. */
  readonly powerScale?: number;
}
