import {
  formatTrtexecLog,
  getModule,
  simulateTrtexecRun,
  type SimJetsonDevice,
  type SimTrtexecModel,
  type SimWorkload,
} from '@jetfleet/jetson';
import type { SimEngineFile } from './sim-board-state.js';
import type { SimBuildFault } from './sim-fault.types.js';
import { flagValue, inputSize, readFlags, rejectedFlags, type SimFlag } from './sim-trtexec-args.util.js';
import type { SimIo, SimTool, SimToolEnv, SimToolExit } from './sim-tool.types.js';

const STAMP = /^\[(\d{2})\/(\d{2})\/(\d{4})-(\d{2}):(\d{2}):(\d{2})\]/;
const ENGINE_BUILT = /\] \[I\] Engine built in /;
const ENGINE_READY = /\] \[I\] (?:Engine built in|Engine deserialized in) /;
const ENGINE_SIZE = /Loaded engine size: (\d+) MiB/;
const DEFAULT_UNSUPPORTED_OP = 'MMCVModulatedDeformConv2d';

/**
 * trtexec on the simulated device: the log comes from the simulator's formatter and is played back at the pace
 * of its own timestamps (scaled by the time factor), the device is loaded as a build and then a benchmark would
 * load it, the engine file lands on the simulated disk. Faults reshape the outcome the way the real failure would.
 */
export const simTrtexec: SimTool = async (args, env, io) => {
  const { device, board } = env;
  const flags = readFlags(args);
  const onnx = flagValue(flags, '--onnx');
  const load = flagValue(flags, '--loadEngine');
  const fault = onnx === undefined ? null : board.takeBuildFault();

  const rejected = rejectedFlags(args, device.trtVersion);
  if (rejected.length > 0) return fail(failedLog(env, args, rejected, []), io);
  const engine = load === undefined ? undefined : board.engines.get(load);
  if (onnx === undefined && engine === undefined) {
    const what = load === undefined ? 'Model missing or format not specified' : `Error opening engine file: ${load}`;
    const errors = [what, 'Failed to create engine from model or file.', 'Engine set up failed'];
    return fail(failedLog(env, args, [], errors), io);
  }

  const model: SimTrtexecModel =
    onnx !== undefined
      ? withFault(env.modelFor(onnx), fault)
      : { ...engine?.model, ...(engine === undefined ? {} : { engineTrtVersion: engine.trtVersion }) };
  const run = simulateTrtexecRun(device, args, model);
  let lines = toLines(run.text);
  let exitCode: number | null = run.exitCode;
  let crashAfterS: number | null = null;
  if (run.outcome === 'passed' && onnx !== undefined && fault?.kind === 'build_oom') {
    const oom = formatTrtexecLog({
      moduleId: device.moduleId,
      trtVersion: device.trtVersion,
      args,
      startTime: device.time,
      gpuClockMHz: device.effectiveClocks().gpuCapMHz,
      outcome: { kind: 'oom' },
      buildSeconds: run.buildSeconds ?? 0,
    });
    lines = toLines(oom.text);
    exitCode = oom.exitCode;
  } else if (run.outcome === 'passed' && onnx !== undefined && fault?.kind === 'build_crash') {
    lines = lines.slice(
      0,
      lines.findIndex((line) => ENGINE_BUILT.test(line)),
    );
    crashAfterS = (run.buildSeconds ?? 0) * Math.min(0.99, Math.max(0.01, fault.atFraction ?? 0.5));
  }

  const save = flagValue(flags, '--saveEngine');
  const saved: SimEngineFile | null =
    run.outcome === 'passed' && onnx !== undefined && save !== undefined
      ? {
          trtVersion: device.trtVersion,
          sizeMB: Number(ENGINE_SIZE.exec(run.text)?.[1] ?? 8),
          model: env.modelFor(onnx),
          precision: run.precision,
          calibration: run.calibration,
          input: inputSize(flags),
          ap50: run.ap50,
        }
      : null;

  const previous = device.currentWorkload;
  const build = onnx === undefined ? null : buildWorkload(device, run.precision, model);
  const bench = benchWorkload(device, flags, run.precision, model);
  device.setWorkload(build ?? bench);
  try {
    const completed = await play(lines, io, (line) => {
      if (!ENGINE_READY.test(line)) return true;
      device.setWorkload(bench);
      if (saved === null || save === undefined || !ENGINE_BUILT.test(line) || board.writeEngine(save, saved))
        return true;
      // trtexec writes the plan right after building; a full disk fails the write (sampleEngines.cpp wording).
      const stamp = STAMP.exec(line)?.[0] ?? '';
      io.write('stdout', `${line}\n`);
      io.write('stderr', `${stamp} [E] Saving engine to file failed.\n${stamp} [E] Engine set up failed\n`);
      io.write('stdout', `${(lines[0] ?? '').replace('&&&& RUNNING', '&&&& FAILED')}\n`);
      return false;
    });
    if (!completed) return { exitCode: 1 };
    if (crashAfterS !== null) {
      await io.sleep(crashAfterS);
      return { exitCode: null, signal: 'SIGSEGV' };
    }
    // Spawned directly there is no shell to print `Killed` and turn SIGKILL into 137.
    if (run.outcome === 'killed') return { exitCode: null, signal: 'SIGKILL' };
    return { exitCode };
  } finally {
    const current = device.currentWorkload;
    if (current === bench || current === build) device.setWorkload(previous);
  }
};

async function fail(lines: readonly string[], io: SimIo): Promise<SimToolExit> {
  await play(lines, io);
  return { exitCode: 1 };
}

/** Emits lines at the pace of their timestamps; `onLine` returning false stops (it wrote the rest itself). */
async function play(
  lines: readonly string[],
  io: SimIo,
  onLine: (line: string) => boolean = () => true,
): Promise<boolean> {
  let clockMs: number | null = null;
  for (const line of lines) {
    if (line === 'Killed') continue;
    const at = stampMs(line);
    if (at !== null) {
      if (clockMs !== null && at > clockMs) {
        await io.sleep((at - clockMs) / 1000);
        io.sync();
      }
      clockMs = at;
    }
    if (!onLine(line)) return false;
    // trtexec logs warnings and errors to stderr, the rest to stdout.
    io.write(/^\[[^\]]+\] \[[EW]\]/.test(line) ? 'stderr' : 'stdout', `${line}\n`);
  }
  return true;
}

/** A failure before any work: `Unknown option` lines from the formatter, or the given errors inside its banner. */
function failedLog(
  env: SimToolEnv,
  args: readonly string[],
  rejected: readonly SimFlag[],
  errors: readonly string[],
): string[] {
  const { device } = env;
  const lines = toLines(
    formatTrtexecLog({
      moduleId: device.moduleId,
      trtVersion: device.trtVersion,
      args,
      startTime: device.time,
      gpuClockMHz: device.effectiveClocks().gpuCapMHz,
      outcome: { kind: 'unknown_option', options: rejected },
    }).text,
  );
  const stamp = formatStamp(device.time);
  const [running, ...rest] = lines;
  return [...(running === undefined ? [] : [running]), ...errors.map((error) => `${stamp} [E] ${error}`), ...rest];
}

function withFault(model: SimTrtexecModel, fault: SimBuildFault | null): SimTrtexecModel {
  switch (fault?.kind) {
    case 'unsupported_op':
      return { ...model, unsupportedOps: [fault.op ?? DEFAULT_UNSUPPORTED_OP, ...(model.unsupportedOps ?? [])] };
    case 'build_killed':
      // More than RAM plus the zram share the kernel gives before the OOM killer fires.
      return { ...model, buildMemoryMB: 1e7 };
    case 'build_oom':
    case 'build_crash':
    case undefined:
      return model;
  }
}

/** Tactic timing keeps the GPU busy and holds the builder's memory; one host thread drives it. */
function buildWorkload(
  device: SimJetsonDevice,
  precision: SimWorkload['precision'],
  model: SimTrtexecModel,
): SimWorkload {
  const scale = model.hints?.latencyScale ?? 1;
  return {
    gpuUtil: 0.85,
    cpuUtil: Math.min(1, 1.5 / getModule(device.moduleId).cpuCores),
    ramMB: Math.min(model.buildMemoryMB ?? 1200 * Math.sqrt(scale), getModule(device.moduleId).ramMB),
    ...(precision === undefined ? {} : { precision }),
  };
}

/** The benchmark saturates the GPU (or the DLA). */
function benchWorkload(
  device: SimJetsonDevice,
  flags: readonly SimFlag[],
  precision: SimWorkload['precision'],
  model: SimTrtexecModel,
): SimWorkload {
  const dla = flagValue(flags, '--useDLACore') !== undefined;
  return {
    gpuUtil: dla ? 0.2 : 1,
    cpuUtil: 1 / getModule(device.moduleId).cpuCores,
    ...(dla ? { dlaUtil: 1 } : {}),
    ...(precision === undefined ? {} : { precision }),
    ...(model.hints?.powerScale === undefined ? {} : { powerScale: model.hints.powerScale }),
  };
}

const toLines = (text: string): string[] => {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
};

function stampMs(line: string): number | null {
  const m = STAMP.exec(line);
  if (m === null) return null;
  return Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]));
}

function formatStamp(time: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `[${p(time.getUTCMonth() + 1)}/${p(time.getUTCDate())}/${time.getUTCFullYear()}-${p(time.getUTCHours())}:${p(time.getUTCMinutes())}:${p(time.getUTCSeconds())}]`;
}
