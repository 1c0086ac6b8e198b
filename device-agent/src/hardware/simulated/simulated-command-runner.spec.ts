import { formatNvpmodelSet, SimJetsonDevice, type SimTrtexecModel } from '@jetfleet/jetson';
import { describe, expect, it } from 'vitest';
import { CommandError } from '../command/command-error.js';
import { SimBoardState } from './sim-board-state.js';
import { SimulatedCommandRunner } from './simulated-command-runner.js';

function simulated(options: { timeFactor?: number; root?: boolean; models?: Record<string, SimTrtexecModel> } = {}) {
  const device = new SimJetsonDevice({ moduleId: 'orin-nx-16gb-super', generation: 'r36', seed: 9 });
  const twin = new SimJetsonDevice({ moduleId: 'orin-nx-16gb-super', generation: 'r36', seed: 9 });
  const board = new SimBoardState(59_000, 30_000);
  const runner = new SimulatedCommandRunner(device, board, {
    timeFactor: options.timeFactor ?? 0.001,
    root: options.root ?? true,
    modelFor: (path) => options.models?.[path] ?? {},
  });
  return { device, twin, board, runner };
}

describe('SimulatedCommandRunner', () => {
  it('prints nvpmodel -q and jetson_clocks --show byte for byte as the simulator formats them', async () => {
    const { runner, twin } = simulated({ timeFactor: 1e6 });
    await expect(runner.run('nvpmodel', ['-q'])).resolves.toMatchObject({ stdout: twin.nvpmodelQuery(), exitCode: 0 });
    expect((await runner.run('nvpmodel', ['-q', '--verbose'])).stdout).toBe(twin.nvpmodelQuery({ verbose: true }));
    expect((await runner.run('jetson_clocks', ['--show'])).stdout).toBe(twin.jetsonClocksShow());
  });

  it('answers nvpmodel -m for a reboot mode with the no-TTY text: the mode stays', async () => {
    const { runner, device } = simulated();
    const result = await runner.run('nvpmodel', ['-m', '1']);
    const expected = formatNvpmodelSet({
      outcome: 'reboot_no_tty',
      requestedId: 1,
      moduleId: 'orin-nx-16gb-super',
      generation: 'r36',
    });
    expect(result.stdout).toBe(expected.output);
    expect(result.stdout).toContain('NVPM ERROR: bad input!');
    expect(result.exitCode).toBe(expected.exitCode);
    expect(device.powerMode.id).toBe(4);
  });

  it('rejects nvpmodel arguments it does not take', async () => {
    const result = await simulated().runner.run('nvpmodel', ['-m']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^Usage: nvpmodel/);
  });

  it('streams tegrastats every interval, scaled by the time factor, and advances the device clock', async () => {
    const { runner, device } = simulated({ timeFactor: 0.01 });
    const before = device.time.getTime();
    const lines: string[] = [];
    const controller = new AbortController();
    const started = Date.now();
    const done = runner.stream('tegrastats', ['--interval', '2000'], {
      signal: controller.signal,
      onLine: (line) => {
        lines.push(line);
        if (lines.length === 5) controller.abort();
      },
    });
    await expect(done).rejects.toMatchObject({ code: 'aborted' });
    // 5 × 2 s simulated at 1/100 speed ≈ 100 ms of wall time.
    expect(Date.now() - started).toBeLessThan(1500);
    expect(device.time.getTime() - before).toBeGreaterThanOrEqual(9_000);
    expect(lines.every((line) => /^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2} RAM /.test(line))).toBe(true);
    expect(lines[0]).toMatch(/EMC_FREQ \d+%@\d+ GR3D_FREQ \d+%@\[\d+\]/);
  });

  it('prints the non-root tegrastats form when the agent is not root', async () => {
    const { runner } = simulated({ root: false });
    const line = await new Promise<string>((resolve, reject) => {
      const controller = new AbortController();
      runner
        .stream('tegrastats', [], {
          signal: controller.signal,
          onLine: (text) => {
            resolve(text);
            controller.abort();
          },
        })
        .catch((err: unknown) =>
          err instanceof CommandError && err.code === 'aborted' ? undefined : reject(err as Error),
        );
    });
    expect(line).not.toContain('EMC_FREQ');
    expect(line).toMatch(/GR3D_FREQ \d+% /);
  });

  it('times out a tegrastats run() like a real process that never ends', async () => {
    await expect(simulated().runner.run('tegrastats', [], { timeoutMs: 30 })).rejects.toMatchObject({
      code: 'timeout',
      command: 'tegrastats',
    });
  });

  it('fails a command the board does not have like a missing binary', async () => {
    await expect(simulated().runner.run('nvidia-smi', [])).rejects.toMatchObject({ code: 'spawn_failed' });
  });

  it('ends a trtexec run the OOM killer stops with SIGKILL and no shell "Killed" line', async () => {
    const { runner } = simulated({ models: { '/m/huge.onnx': { buildMemoryMB: 1e7 } } });
    const result = await runner.run('/usr/src/tensorrt/bin/trtexec', ['--onnx=/m/huge.onnx', '--fp16']);
    expect(result).toMatchObject({ exitCode: null, signal: 'SIGKILL' });
    expect(result.stdout).not.toMatch(/^Killed$/m);
    expect(result.stdout).not.toContain('&&&& FAILED');
  });

  it('sends trtexec warnings and errors to stderr', async () => {
    const result = await simulated().runner.run('trtexec', ['--onnx=/m/a.onnx', '--workspace=64']);
    expect(result.stderr).toMatch(/^\[\d{2}\/\d{2}\/\d{4}-[\d:]{8}\] \[E\] Unknown option: --workspace 64\n$/);
    expect(result.stdout).toMatch(/^&&&& RUNNING .*\n&&&& FAILED /);
  });

  it('fails --loadEngine on an engine file that is not on the disk', async () => {
    const result = await simulated().runner.run('trtexec', ['--loadEngine=/e/missing.engine']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('[E] Error opening engine file: /e/missing.engine');
  });
});
