import type { BuildEngineResult, BuildRecipeInput } from '@jetfleet/protocol';
import type { DeviceEngineRow } from './device-engine.repository.js';
import type { BuildProgressEvent } from './dto/build-progress-event.type.js';
import type { BuildRecipe } from './dto/build-recipe.type.js';
import type { DeviceEngine, DeviceEngineStateEnum } from './dto/device-engine.type.js';
import type { EngineBuild, EngineBuildStateEnum, EnginePerf, PerfStat } from './dto/engine-build.type.js';
import type { EngineBuildRow } from './engine-build.repository.js';

type Json = Record<string, unknown>;

const stats = (v: unknown): PerfStat[] =>
  v && typeof v === 'object'
    ? Object.entries(v as Json)
        .filter((e): e is [string, number] => typeof e[1] === 'number')
        .map(([name, ms]) => ({ name, ms }))
    : [];

/** What is stored in engine_builds.perf: the result's performance part. */
export function perfOf(result: BuildEngineResult): Json {
  return {
    trtVersion: result.trtVersion,
    throughputQps: result.throughputQps,
    latencyMs: result.latencyMs,
    gpuComputeMs: result.gpuComputeMs,
  };
}

function toPerf(raw: Json | null): EnginePerf | null {
  if (!raw) return null;
  return {
    trtVersion: typeof raw.trtVersion === 'string' ? raw.trtVersion : null,
    throughputQps: typeof raw.throughputQps === 'number' ? raw.throughputQps : null,
    latencyMs: stats(raw.latencyMs),
    gpuComputeMs: stats(raw.gpuComputeMs),
  };
}

/** Stored recipe (validated on the way in) → GraphQL object. */
export function toBuildRecipe(raw: Json): BuildRecipe {
  const r = raw as BuildRecipeInput;
  return {
    precision: r.precision,
    calibration: r.calibration ? { method: r.calibration.method } : null,
    explicitQuantization: r.explicitQuantization ?? null,
    shapes: r.shapes ?? null,
    dlaCore: r.dlaCore ?? null,
    gpuFallback: r.gpuFallback ?? null,
    memPoolMiB: r.memPoolMiB ?? null,
    timingCache: r.timingCache ?? null,
    cudaGraph: r.cudaGraph ?? null,
  };
}

export function toEngineBuild(row: EngineBuildRow): EngineBuild {
  return {
    id: row.id,
    modelVersionId: row.modelVersionId,
    recipe: toBuildRecipe(row.recipe),
    recipeHash: row.recipeHash,
    compatKey: row.compatKey,
    state: row.state as EngineBuildStateEnum,
    builderDeviceId: row.builderDeviceId,
    attempt: row.attempt,
    maxAttempts: row.maxAttempts,
    triedDevices: row.triedDevices,
    progressPct: row.progressPct,
    error: row.error,
    engineSha256: row.engineSha256,
    engineSizeBytes: row.engineSizeBytes,
    perf: toPerf(row.perf),
    logTail: row.logTail,
    durationMs: row.durationMs,
    queuedAt: row.queuedAt,
    dispatchedAt: row.dispatchedAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

export function toDeviceEngine(row: DeviceEngineRow): DeviceEngine {
  return {
    deviceId: row.deviceId,
    modelVersionId: row.modelVersionId,
    recipeHash: row.recipeHash,
    compatKey: row.compatKey,
    state: row.state as DeviceEngineStateEnum,
    engineSha256: row.engineSha256,
    error: row.error,
    updatedAt: row.updatedAt,
  };
}

export function toBuildProgressEvent(row: EngineBuildRow, at: Date): BuildProgressEvent {
  return {
    buildId: row.id,
    modelVersionId: row.modelVersionId,
    compatKey: row.compatKey,
    state: row.state as EngineBuildStateEnum,
    attempt: row.attempt,
    maxAttempts: row.maxAttempts,
    builderDeviceId: row.builderDeviceId,
    progressPct: row.progressPct,
    error: row.error,
    engineSha256: row.engineSha256,
    at,
  };
}
