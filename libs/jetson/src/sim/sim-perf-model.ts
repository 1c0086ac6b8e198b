import { MODULE_CATALOG, type ModuleId } from '../catalog/index.js';
import { SIM_HARDWARE } from './sim-hardware.constant.js';
import type { SimModelHints, SimPrecision } from './sim-model-hints.types.js';
import type { SimPerfAnchor } from './sim-hardware.types.js';

export interface SimInferenceInput {
  readonly moduleId: ModuleId;
  /** GPU clock the engine runs at (mode cap, possibly throttled). */
  readonly gpuMHz: number;
  readonly precision: SimPrecision;
  /** Network input, square side or width × height. */
  readonly inputSize: number | { readonly width: number; readonly height: number };
  readonly hints?: SimModelHints;
  /** TensorRT 8.4+ overlap copies with compute, so throughput follows GPU time rather than host latency. */
  readonly overlapTransfers?: boolean;
}

export interface SimInferenceEstimate {
  /** trtexec `GPU Compute Time` mean, ms. */
  readonly gpuMs: number;
  /** trtexec `Latency` mean (H2D + compute + D2H), ms. */
  readonly hostMs: number;
  readonly transferMs: number;
  /** trtexec `Throughput`, queries per second at batch 1. */
  readonly fps: number;
}

const REFERENCE_PIXELS = 640 * 640;

/** SM count of the device each anchor was measured on (Orin Nano 8, AGX Xavier 8, Nano 1). */
function anchorSmCount(moduleId: ModuleId): number {
  switch (MODULE_CATALOG[moduleId].gpuArch) {
    case 'Maxwell':
    case 'Pascal':
      return 1;
    case 'Volta':
    case 'Ampere':
    case 'Blackwell':
      return 8;
  }
}

function precisionRatio(anchor: SimPerfAnchor, precision: SimPrecision): number {
  switch (precision) {
    case 'FP32':
      return anchor.fp32Ratio;
    case 'FP16':
      return 1;
    case 'INT8':
    case 'BEST':
      return anchor.int8Ratio;
  }
}

const pixelsOf = (size: SimInferenceInput['inputSize']): number =>
  typeof size === 'number' ? size * size : size.width * size.height;

/**
 * Per-query latency: a fixed floor plus work that scales with pixels and the model's `latencyScale`, and
 * inversely with SM count × GPU clock; then the architecture's measured precision ratio.
 */
export function estimateInference(input: SimInferenceInput): SimInferenceEstimate {
  const anchor = SIM_HARDWARE[input.moduleId].perf;
  const sms = MODULE_CATALOG[input.moduleId].smCount;
  const pixelScale = pixelsOf(input.inputSize) / REFERENCE_PIXELS;
  const work =
    (anchor.fp16GpuMs - anchor.floorMs) *
    (anchor.atGpuMHz / Math.max(input.gpuMHz, 1)) *
    (anchorSmCount(input.moduleId) / sms) *
    pixelScale *
    (input.hints?.latencyScale ?? 1);
  const gpuMs = (anchor.floorMs + work) * precisionRatio(anchor, input.precision);
  const transferMs = anchor.transferMs * pixelScale;
  const hostMs = gpuMs + transferMs;
  const fps = 1000 / (input.overlapTransfers === false ? hostMs : gpuMs);
  return { gpuMs, hostMs, transferMs, fps };
}
