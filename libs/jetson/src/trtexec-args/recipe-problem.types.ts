export type RecipeProblemCode =
  | 'unsupported_trt_version'
  | 'missing_path'
  | 'int8_without_calibration'
  | 'calibration_unused'
  | 'explicit_quantization_needs_int8'
  | 'dla_unavailable'
  | 'dla_core_out_of_range'
  | 'dla_needs_reduced_precision'
  | 'gpu_fallback_without_dla'
  | 'bad_shapes'
  | 'bad_mem_pool';

export interface RecipeProblem {
  readonly code: RecipeProblemCode;
  readonly message: string;
}
