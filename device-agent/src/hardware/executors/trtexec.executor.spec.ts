import {
  SimJetsonDevice,
  SIM_IDLE_WORKLOAD,
  type ModuleId,
  type SimGeneration,
  type TrtexecPhase,
} from '@jetfleet/jetson';
import { describe, expect, it } from 'vitest';
import { ScriptedCommandRunner } from '../command/scripted-command-runner.js';
import { SimBoardState } from '../simulated/sim-board-state.js';
import { SimulatedCommandRunner } from '../simulated/simulated-command-runner.js';
import { TrtexecExecutor } from './trtexec.executor.js';

const TIME_FACTOR = 0.0005;

function simulated(moduleId: ModuleId, generation: SimGeneration) {
  const device = new SimJetsonDevice({ moduleId, generation, seed: 3 });
  const board = new SimBoardState(59_000, 30_000);
  const runner = new SimulatedCommandRunner(device, board, { timeFactor: TIME_FACTOR });
  return {
    device,
    board,
    trtexec: new TrtexecExecutor(runner),
    target: { trtVersion: device.trtVersion, moduleDlaCores: 0 },
  };
}

const recipe = {
  onnxPath: '/models/det.onnx',
  enginePath: '/engines/det.engine',
  precision: 'FP16',
  memPoolMiB: 2048,
  skipInference: true,
} as const;

describe('TrtexecExecutor through the simulated runner', () => {
  it.each([
    [
      'orin-nx-16gb',
      'r36',
      '10.3.0',
      ['--memPoolSize=workspace:2048M', '--skipInference'],
      ['--workspace', '--buildOnly'],
    ],
    [
      'orin-nano-8gb',
      'r35',
      '8.5.2',
      ['--memPoolSize=workspace:2048', '--buildOnly'],
      ['--workspace', '--skipInference'],
    ],
    ['nano-4gb', 'r32', '8.2.1', ['--workspace=2048', '--explicitBatch', '--buildOnly'], ['--memPoolSize']],
  ] as const)('%s (%s, TensorRT %s) gets flags its trtexec accepts', async (moduleId, generation, trt, want, never) => {
    const { board, trtexec, target } = simulated(moduleId, generation);
    const phases: TrtexecPhase[] = [];
    const run = await trtexec.build(recipe, target, { onProgress: (p) => phases.push(p.phase) });
    expect(run.args).toEqual(expect.arrayContaining([...want]));
    for (const flag of never) expect(run.args.join(' ')).not.toContain(flag);
    expect(run.failure).toBeNull();
    expect(run.ok).toBe(true);
    expect(run.result.trtVersion).toBe(trt);
    expect(phases.slice(0, 4)).toEqual(['starting', 'parsing', 'building', 'built']);
    expect(phases.at(-1)).toBe('passed');
    // Minutes of simulated build in a fraction of the wall time.
    expect(run.result.engineBuildSec).toBeGreaterThan(60);
    expect(run.durationMs).toBeLessThan((run.result.engineBuildSec ?? 0) * 1000 * TIME_FACTOR * 3 + 500);
    expect(board.engines.get(recipe.enginePath)?.trtVersion).toBe(trt);
  });

  it('fails TensorRT 10 on flags it removed, the way trtexec does', async () => {
    const { trtexec } = simulated('orin-nx-16gb', 'r36');
    const run = await trtexec.run(['--onnx=/m/a.onnx', '--workspace=4096', '--explicitBatch']);
    expect(run.ok).toBe(false);
    expect(run.exitCode).toBe(1);
    expect(run.failure).toEqual({ kind: 'unknown_option', summary: 'unknown option: --workspace, --explicitBatch' });
    expect(run.log).toContain('[E] Unknown option: --workspace 4096');
  });

  it('fails any version on a flag trtexec has never had', async () => {
    const { trtexec } = simulated('orin-nano-8gb', 'r35');
    const run = await trtexec.run(['--onnx=/m/a.onnx', '--fp61']);
    expect(run.failure?.kind).toBe('unknown_option');
  });

  it('reads latency p95 and throughput from a benchmark of a built engine', async () => {
    const { trtexec, target } = simulated('orin-nano-8gb-super', 'r36');
    await trtexec.build({ ...recipe, skipInference: false }, target);
    const bench = await trtexec.benchmark(recipe.enginePath);
    expect(bench.ok).toBe(true);
    expect(bench.result.latencyMs?.p95).toBe(bench.latencyP95Ms);
    // YOLOv8n-class FP16 on Orin Nano Super at 25W: a few ms, a couple of hundred FPS (reference §6).
    expect(bench.latencyP95Ms).toBeGreaterThan(2);
    expect(bench.latencyP95Ms).toBeLessThan(15);
    expect(bench.fps).toBeGreaterThan(80);
  });

  it('uses p99 where TensorRT 8.2 prints no p95', async () => {
    const { trtexec, target } = simulated('nano-4gb', 'r32');
    await trtexec.build({ ...recipe, skipInference: false }, target);
    const bench = await trtexec.benchmark(recipe.enginePath);
    expect(bench.result.latencyMs?.p95).toBeUndefined();
    expect(bench.latencyP95Ms).toBe(bench.result.latencyMs?.p99);
  });

  it('loads the GPU while building and gives the load back when aborted', async () => {
    const { device, trtexec, target } = simulated('orin-nx-16gb', 'r36');
    const controller = new AbortController();
    const loads: number[] = [];
    const build = trtexec.build(recipe, target, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase !== 'building') return;
        loads.push(device.currentWorkload.gpuUtil);
        controller.abort(new Error('job cancelled'));
      },
    });
    await expect(build).rejects.toMatchObject({ code: 'aborted' });
    expect(loads[0]).toBeGreaterThan(0.5);
    expect(device.currentWorkload).toBe(SIM_IDLE_WORKLOAD);
  });

  it('times out a build that overruns', async () => {
    const { trtexec, target } = simulated('orin-nx-16gb', 'r36');
    await expect(trtexec.build(recipe, target, { timeoutMs: 30 })).rejects.toMatchObject({ code: 'timeout' });
  });

  it('refuses an impossible recipe before running anything', () => {
    const runner = new ScriptedCommandRunner({});
    const trtexec = new TrtexecExecutor(runner);
    expect(() => trtexec.build({ ...recipe, dlaCore: 0 }, { trtVersion: '10.3.0', moduleDlaCores: 0 })).toThrow(
      /no DLA/,
    );
    expect(runner.calls).toHaveLength(0);
  });
});

describe('TrtexecExecutor failure classification', () => {
  const started =
    '&&&& RUNNING TensorRT.trtexec [TensorRT v100300] # trtexec --onnx=a.onnx\n' +
    '[06/02/2025-10:00:00] [I] Start parsing network model\n[06/02/2025-10:00:01] [I] Finish parsing network model\n';

  it('maps a SIGKILL without a verdict to killed (the parser wants 137)', async () => {
    const runner = new ScriptedCommandRunner({
      trtexec: () => ({ stdout: started, exitCode: null, signal: 'SIGKILL' }),
    });
    const run = await new TrtexecExecutor(runner, { command: 'trtexec' }).run(['--onnx=a.onnx']);
    expect(run.failure?.kind).toBe('killed');
  });

  it('calls any other signal a crash', async () => {
    const runner = new ScriptedCommandRunner({
      trtexec: () => ({ stdout: started, exitCode: null, signal: 'SIGSEGV' }),
    });
    const run = await new TrtexecExecutor(runner, { command: 'trtexec' }).run(['--onnx=a.onnx']);
    expect(run.failure).toEqual({ kind: 'crashed', summary: 'trtexec ended by SIGSEGV before finishing' });
  });

  it('runs /usr/src/tensorrt/bin/trtexec by default (trtexec is not on PATH on a Jetson)', async () => {
    const runner = new ScriptedCommandRunner({ trtexec: () => ({ stdout: started, exitCode: 1 }) });
    await new TrtexecExecutor(runner).run(['--onnx=a.onnx']);
    expect(runner.calls[0]?.command).toBe('/usr/src/tensorrt/bin/trtexec');
  });
});
