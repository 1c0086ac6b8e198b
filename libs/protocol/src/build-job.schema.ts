import { z } from 'zod';
import { artifactRefSchema } from './desired.schema.js';

export const precisionSchema = z.enum(['FP32', 'FP16', 'INT8', 'BEST']);

/** What to build, independent of any file paths on the device. */
export const buildRecipeSchema = z.object({
  precision: precisionSchema,
  /** INT8 with a calibration dataset: the method trtexec's calibrator should use. */
  calibration: z.object({ method: z.enum(['entropy2', 'minmax']).default('entropy2') }).optional(),
  /** The ONNX carries Q/DQ nodes (QAT or explicit PTQ); no calibration needed. */
  explicitQuantization: z.boolean().optional(),
  shapes: z
    .object({
      input: z.string().min(1).max(128),
      min: z.array(z.number().int().positive()).min(1).max(8),
      opt: z.array(z.number().int().positive()).min(1).max(8),
      max: z.array(z.number().int().positive()).min(1).max(8),
    })
    .optional(),
  dlaCore: z.number().int().min(0).max(7).optional(),
  gpuFallback: z.boolean().optional(),
  memPoolMiB: z.number().int().positive().max(1_048_576).optional(),
  timingCache: z.boolean().optional(),
  cudaGraph: z.boolean().optional(),
});

export type BuildRecipeInput = z.infer<typeof buildRecipeSchema>;

/** `params` of a `build-engine` job command. */
export const buildEngineParamsSchema = z.object({
  buildId: z.string().min(1).max(64),
  modelVersionId: z.string().min(1).max(64),
  recipe: buildRecipeSchema,
  onnx: artifactRefSchema,
  calibration: artifactRefSchema.optional(),
  /**
   * Where the device PUTs the finished engine (HTTP, bearer token in the URL's query). Absent for
   * a local fallback build: the device keeps the engine for itself and uploads nothing.
   */
  engineUploadUrl: z.string().url().max(2048).optional(),
  /** Simulation-only model hints; real adapters ignore them. */
  simHints: z.record(z.string(), z.number()).optional(),
});

export type BuildEngineParams = z.infer<typeof buildEngineParamsSchema>;

/**
 * `params` of a `fetch-engine` job: download the engine another device of the same compatibility
 * class built, verify its sha256, and keep it for (modelVersionId, recipeHash).
 */
export const fetchEngineParamsSchema = z.object({
  buildId: z.string().min(1).max(64),
  modelVersionId: z.string().min(1).max(64),
  recipeHash: z.string().regex(/^[a-f0-9]{64}$/),
  compatKey: z.string().min(1).max(512),
  engine: artifactRefSchema,
});

export type FetchEngineParams = z.infer<typeof fetchEngineParamsSchema>;

/** `result` of a succeeded `build-engine` job progress message. */
export const buildEngineResultSchema = z.object({
  engineSha256: z.string().regex(/^[a-f0-9]{64}$/),
  engineSizeBytes: z.number().int().positive(),
  trtVersion: z.string().max(32).nullable(),
  throughputQps: z.number().nonnegative().nullable(),
  latencyMs: z.record(z.string(), z.number()).nullable(),
  gpuComputeMs: z.record(z.string(), z.number()).nullable(),
  logTail: z.string().max(20_000),
  durationMs: z.number().int().nonnegative(),
});

export type BuildEngineResult = z.infer<typeof buildEngineResultSchema>;
