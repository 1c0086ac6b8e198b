import { estimateAp50 } from './sim-accuracy-model.js';
import { estimateBuildSeconds } from './sim-build-time-model.js';
import type { SimJetsonDevice } from './sim-jetson-device.js';
import type { SimCalibration, SimModelHints, SimPrecision } from './sim-model-hints.types.js';
import { estimateInference, type SimInferenceEstimate } from './sim-perf-model.js';
import { SimRandom } from './sim-random.util.js';
import { argValue, hasArg, readTrtexecArgs, unknownTrtexecOptions } from './sim-trtexec-args.util.js';
import type { SimTrtexecOutcome, SimTrtexecTiming } from './sim-trtexec-log.types.js';
import { formatTrtexecLog, type SimTrtexecLog } from './format-trtexec-log.js';

/** What the simulator knows about the model behind `--onnx` / `--loadEngine`. */
export interface SimTrtexecModel {
  readonly hints?: SimModelHints;
  /** Q/DQ model: INT8 needs no calibration cache. */
  readonly explicitQuantization?: boolean;
  /** ONNX ops no importer or plugin handles; the first one fails the parse. */
  readonly unsupportedOps?: readonly string[];
  /** TensorRT version a `--loadEngine` plan was built with; a mismatch fails deserialisation. */
  readonly engineTrtVersion?: string;
  /** Builder peak memory, MB (default 1200 × √latencyScale). */
  readonly buildMemoryMB?: number;
  /** Force a builder assertion (`build_internal`). */
  readonly failBuildInternal?: boolean;
}

export interface SimTrtexecRunOptions {
  readonly seed?: number | string;
  /** Compresses build time: 1 = real time. */
  readonly timeFactor?: number;
}

export interface SimTrtexecRunResult extends SimTrtexecLog {
  readonly outcome: SimTrtexecOutcome['kind'];
  readonly precision: SimPrecision;
  readonly calibration: SimCalibration;
  readonly buildSeconds: number | null;
  readonly estimate: SimInferenceEstimate | null;
  /** AP50 the engine would score; null when no engine came out. */
  readonly ap50: number | null;
}

/** DLA runs YOLO-class networks slower than the GPU (assumed 1.8×; no §6 figure). */
const DLA_SLOWDOWN = 1.8;

/**
 * Decides how a trtexec invocation on the simulated device ends (reference §5.4, classification order) and renders
 * its log. Does not advance the device clock; callers can `advance(result.durationS)` with a matching workload.
 */
export function simulateTrtexecRun(
  device: SimJetsonDevice,
  args: readonly string[],
  model: SimTrtexecModel = {},
  options: SimTrtexecRunOptions = {},
): SimTrtexecRunResult {
  const random = new SimRandom(options.seed ?? `${device.moduleId}:${args.join(' ')}`);
  const parsed = readTrtexecArgs(args);
  const precision: SimPrecision = hasArg(parsed, '--best')
    ? 'BEST'
    : hasArg(parsed, '--int8')
      ? 'INT8'
      : hasArg(parsed, '--fp16')
        ? 'FP16'
        : 'FP32';
  const calibration: SimCalibration =
    argValue(parsed, '--calib') !== undefined
      ? 'calibrated'
      : model.explicitQuantization === true
        ? 'explicit'
        : 'none';
  const inputSize = shapeSize(argValue(parsed, '--optShapes'));
  const clocks = device.effectiveClocks();
  const onnx = argValue(parsed, '--onnx');
  const dla = argValue(parsed, '--useDLACore') !== undefined;
  const timingCache = argValue(parsed, '--timingCacheFile');
  const buildSeconds =
    onnx === undefined
      ? null
      : estimateBuildSeconds({
          moduleId: device.moduleId,
          gpuMHz: clocks.gpuCapMHz,
          precision,
          calibration,
          inputSize,
          dla,
          timingCacheWarm: timingCache !== undefined && device.timingCaches.has(timingCache),
          ...(model.hints === undefined ? {} : { hints: model.hints }),
          ...(options.timeFactor === undefined ? {} : { timeFactor: options.timeFactor }),
        });

  const outcome = decideOutcome(device, args, model, onnx !== undefined, random);
  const passed = outcome.kind === 'passed';
  const base = estimateInference({
    moduleId: device.moduleId,
    gpuMHz: clocks.gpuCapMHz,
    precision,
    inputSize,
    overlapTransfers: !device.trtVersion.startsWith('8.0') && !device.trtVersion.startsWith('8.2'),
    ...(model.hints === undefined ? {} : { hints: model.hints }),
  });
  const estimate = dla
    ? {
        ...base,
        gpuMs: base.gpuMs * DLA_SLOWDOWN,
        hostMs: base.hostMs + base.gpuMs * (DLA_SLOWDOWN - 1),
        fps: base.fps / DLA_SLOWDOWN,
      }
    : base;
  const skip = hasArg(parsed, '--skipInference') || hasArg(parsed, '--buildOnly');
  const latencyScale = model.hints?.latencyScale ?? 1;
  const log = formatTrtexecLog({
    moduleId: device.moduleId,
    trtVersion: device.trtVersion,
    args,
    startTime: device.time,
    gpuClockMHz: clocks.gpuCapMHz,
    outcome,
    engineSizeMiB: Math.max(
      1,
      Math.round(7 * latencyScale * (precision === 'FP32' ? 2 : precision === 'FP16' ? 1 : 0.6)),
    ),
    input: { name: 'images', dims: [1, 3, inputSize.height, inputSize.width] },
    ...(buildSeconds === null ? {} : { buildSeconds }),
    ...(passed && !skip ? { timing: sampleTiming(estimate, parsed, random) } : {}),
  });
  if (passed && timingCache !== undefined) device.timingCaches.add(timingCache);
  return {
    ...log,
    outcome: outcome.kind,
    precision,
    calibration,
    buildSeconds: passed ? buildSeconds : null,
    estimate: passed ? estimate : null,
    ap50: passed
      ? estimateAp50({ precision, calibration, random, ...(model.hints === undefined ? {} : { hints: model.hints }) })
      : null,
  };
}

function decideOutcome(
  device: SimJetsonDevice,
  args: readonly string[],
  model: SimTrtexecModel,
  building: boolean,
  random: SimRandom,
): SimTrtexecOutcome {
  const unknown = unknownTrtexecOptions(args, device.trtVersion);
  if (unknown.length > 0) return { kind: 'unknown_option', options: unknown };
  const op = model.unsupportedOps?.[0];
  if (building && op !== undefined) return { kind: 'unsupported_op', op };
  if (!building && model.engineTrtVersion !== undefined && model.engineTrtVersion !== device.trtVersion) {
    return {
      kind: 'engine_incompatible',
      expectedVersion: fourPart(device.trtVersion),
      gotVersion: fourPart(model.engineTrtVersion),
    };
  }
  if (building) {
    const needMB = model.buildMemoryMB ?? 1200 * Math.sqrt(model.hints?.latencyScale ?? 1);
    const ram = device.ram();
    const freeMB = ram.totalMB - ram.usedMB;
    // The kernel OOM killer steps in once RAM and a slice of zram are gone (Nano 2GB builds, §5.4 `killed`).
    if (needMB > freeMB + 0.25 * device.swapTotalMB) return { kind: 'killed' };
    // A CUDA allocation needs contiguous memory: the fewer large free blocks (`lfb`), the likelier an OOM (§5.4).
    const lfbMB = ram.lfbBlocks * ram.lfbBlockMB;
    const oomOdds = Math.min(1, Math.max(0, (needMB / 2 - lfbMB) / (needMB / 2))) * 0.8;
    if (random.next() < oomOdds) return { kind: 'oom' };
    if (model.failBuildInternal === true) return { kind: 'build_internal' };
  }
  return { kind: 'passed' };
}

function sampleTiming(
  estimate: SimInferenceEstimate,
  args: ReturnType<typeof readTrtexecArgs>,
  random: SimRandom,
): SimTrtexecTiming {
  const durationS = Number(argValue(args, '--duration') ?? 3);
  const iterations = Number(argValue(args, '--iterations') ?? 10);
  const perQueryMs = estimate.gpuMs;
  const n = Math.max(iterations, Math.ceil((durationS * 1000) / perQueryMs));
  const graph = hasArg(args, '--useCudaGraph');
  const gpuMs: number[] = [];
  const h2dMs: number[] = [];
  const d2hMs: number[] = [];
  const enqueueMs: number[] = [];
  for (let i = 0; i < n; i += 1) {
    gpuMs.push(Math.max(estimate.gpuMs * 0.9, estimate.gpuMs * (1 + 0.006 * random.normal())));
    h2dMs.push(estimate.transferMs * 0.85 * random.uniform(0.95, 1.1));
    d2hMs.push(estimate.transferMs * 0.15 * random.uniform(0.9, 1.2));
    enqueueMs.push(estimate.gpuMs * (graph ? 0.04 : 0.25) * random.uniform(0.9, 1.15));
  }
  return { gpuMs, h2dMs, d2hMs, enqueueMs, warmupQueries: Math.max(1, Math.ceil(200 / perQueryMs)) };
}

function shapeSize(spec: string | undefined): { width: number; height: number } {
  const dims = spec?.split(':').pop()?.split('x').map(Number) ?? [];
  const height = dims[2];
  const width = dims[3];
  return height !== undefined && width !== undefined && height > 0 && width > 0
    ? { width, height }
    : { width: 640, height: 640 };
}

const fourPart = (version: string): string => (version.split('.').length >= 4 ? version : `${version}.0`);
