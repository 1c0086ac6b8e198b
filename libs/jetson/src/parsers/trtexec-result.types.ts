/** Failure kinds (reference §5.4), plus `int8_calibration` for TensorRT's calibration-failure error. */
export type TrtexecErrorKind =
  | 'killed'
  | 'oom'
  | 'unknown_option'
  | 'unsupported_op'
  | 'engine_incompatible'
  | 'int8_calibration'
  | 'build_internal'
  | 'other';

/** Warnings worth surfacing that are not failures (reference §5.2, §5.4). */
export type TrtexecNotice =
  | 'workspace_deprecated'
  | 'embedded_memory_cap'
  | 'int8_without_native_support'
  | 'int8_without_calibration'
  | 'int8_explicit_precision'
  | 'int64_weights_cast'
  | 'gpu_compute_unstable'
  | 'enqueue_bound'
  | 'tactic_memory_insufficient';

/** Only the statistics the log printed (8.0–8.4 print p99 only). */
export interface TrtexecLatencyStats {
  min?: number;
  max?: number;
  mean?: number;
  median?: number;
  p90?: number;
  p95?: number;
  p99?: number;
}

export type TrtexecGpuComputeStats = Pick<TrtexecLatencyStats, 'mean' | 'median' | 'p99'>;

export interface TrtexecResult {
  /** The last `&&&&` line says PASSED. */
  passed: boolean;
  /** A final `&&&& PASSED|FAILED` line was seen (a killed run has none). */
  completed: boolean;
  /** e.g. `8.5.2`, `10.3.0`. */
  trtVersion: string | null;
  throughputQps: number | null;
  /** Host latency; null when the summary has no `Latency:` line. */
  latencyMs: TrtexecLatencyStats | null;
  gpuComputeMs: TrtexecGpuComputeStats | null;
  engineBuildSec: number | null;
  /** One line naming the cause; null when passed or when the log is incomplete without an error. */
  errorSummary: string | null;
  errorKind: TrtexecErrorKind | null;
  notices: TrtexecNotice[];
  /** Texts of the surfaced TensorRT warnings and any parser remarks. */
  warnings: string[];
}
