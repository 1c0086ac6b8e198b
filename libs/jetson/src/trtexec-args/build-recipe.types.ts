export type RecipePrecision = 'FP32' | 'FP16' | 'INT8' | 'BEST';

/** One dynamic-shape profile; dims are NCHW-style integers, e.g. `[1, 3, 640, 640]`. */
export interface RecipeShapes {
  readonly input: string;
  readonly min: readonly number[];
  readonly opt: readonly number[];
  readonly max: readonly number[];
}

export interface BuildRecipe {
  readonly onnxPath: string;
  readonly enginePath: string;
  readonly precision: RecipePrecision;
  readonly calibrationCachePath?: string;
  /** The ONNX already carries Q/DQ nodes (QAT or explicit PTQ), so no calibration cache is needed. */
  readonly explicitQuantization?: boolean;
  readonly shapes?: RecipeShapes;
  readonly dlaCore?: number;
  readonly gpuFallback?: boolean;
  readonly memPoolMiB?: number;
  readonly timingCachePath?: string;
  readonly cudaGraph?: boolean;
  /** Build and save the engine without the benchmark run. */
  readonly skipInference?: boolean;
}

export interface TrtexecTarget {
  /** TensorRT version on the device, e.g. `8.5.2`, `10.3.0` or `8.5.2.2`. */
  readonly trtVersion: string;
  /** DLA cores the module has (0 on Nano, TX2, Orin Nano). */
  readonly moduleDlaCores: number;
}
