import { SimJetsonDevice, type ModuleId, type SimGeneration } from '@jetfleet/jetson';
import { describe, expect, it } from 'vitest';
import { ScriptedCommandRunner } from '../command/scripted-command-runner.js';
import { HardwareError } from '../hardware-error.js';
import { SimBoardState } from '../simulated/sim-board-state.js';
import { SimulatedCommandRunner } from '../simulated/simulated-command-runner.js';
import { NvpmodelExecutor } from './nvpmodel.executor.js';

function simulated(moduleId: ModuleId, generation: SimGeneration, root = true) {
  const device = new SimJetsonDevice({ moduleId, generation, seed: 1 });
  const runner = new SimulatedCommandRunner(device, new SimBoardState(59_000, 30_000), { timeFactor: 0.001, root });
  return { device, nvpmodel: new NvpmodelExecutor(runner) };
}

describe('NvpmodelExecutor on a simulated board', () => {
  it('reads the current mode with -q and with -q --verbose', async () => {
    const { nvpmodel } = simulated('orin-nx-16gb-super', 'r36');
    await expect(nvpmodel.query()).resolves.toEqual({ id: 4, name: '40W' });
    await expect(nvpmodel.query({ verbose: true })).resolves.toEqual({ id: 4, name: '40W' });
  });

  it('applies a live-switchable mode and confirms it with -q', async () => {
    const { device, nvpmodel } = simulated('orin-nx-16gb-super', 'r36');
    const outcome = await nvpmodel.setMode(3);
    expect(outcome).toEqual({ status: 'applied', mode: { id: 3, name: '25W' } });
    expect(device.powerMode.id).toBe(3);
  });

  it('reports reboot_required (no TTY: the prompt reads EOF) and leaves the mode unchanged', async () => {
    const { device, nvpmodel } = simulated('orin-nx-16gb-super', 'r36');
    const outcome = await nvpmodel.setMode(1);
    expect(outcome).toEqual({ status: 'reboot_required', requestedId: 1, current: { id: 4, name: '40W' } });
    expect(device.powerMode.id).toBe(4);
  });

  it('reports a mode the conf does not have as bad_mode', async () => {
    const { nvpmodel } = simulated('orin-nano-8gb', 'r35');
    const outcome = await nvpmodel.setMode(7);
    expect(outcome).toMatchObject({ status: 'failed', kind: 'bad_mode', requestedId: 7, current: { id: 0 } });
    expect(outcome.status === 'failed' && outcome.errors).toEqual(['request for bad power mode 7']);
  });

  it('reports a failed sysfs write and a non-root agent', async () => {
    const board = simulated('agx-orin-64gb', 'r36');
    board.device.injectNvpmodelFailure('sysfs_write');
    await expect(board.nvpmodel.setMode(1)).resolves.toMatchObject({ status: 'failed', kind: 'sysfs_write' });
    expect(board.device.powerMode.id).toBe(2);
    const user = simulated('nano-4gb', 'r32', false);
    await expect(user.nvpmodel.setMode(1)).resolves.toMatchObject({ status: 'failed', kind: 'permission' });
    expect(user.device.powerMode.id).toBe(0);
  });
});

describe('NvpmodelExecutor rules', () => {
  it('does not call a silent exit 0 success unless -q shows the new mode', async () => {
    const runner = new ScriptedCommandRunner({
      nvpmodel: (args) => (args[0] === '-m' ? { exitCode: 0 } : { stdout: 'NV Power Mode: MODE_30W\n2\n' }),
    });
    const outcome = await new NvpmodelExecutor(runner).setMode(0);
    expect(outcome).toEqual({
      status: 'failed',
      kind: 'not_confirmed',
      requestedId: 0,
      errors: [],
      current: { id: 2, name: 'MODE_30W' },
    });
    expect(runner.calls.map((call) => call.args)).toEqual([['-m', '0'], ['-q']]);
  });

  it('treats exit 0 with an NVPM ERROR line as a failure', async () => {
    const runner = new ScriptedCommandRunner({
      nvpmodel: (args) =>
        args[0] === '-m'
          ? { stdout: 'NVPM ERROR: something odd\n', exitCode: 0 }
          : { stdout: 'NV Power Mode: MODE_15W\n1\n' },
    });
    await expect(new NvpmodelExecutor(runner).setMode(1)).resolves.toMatchObject({
      status: 'failed',
      kind: 'unknown_error',
    });
  });

  it('passes its timeout and the caller signal to every call', async () => {
    const runner = new ScriptedCommandRunner({ nvpmodel: () => ({ stdout: 'NV Power Mode: 15W\n0\n' }) });
    const controller = new AbortController();
    await new NvpmodelExecutor(runner, { timeoutMs: 1234 }).query({ signal: controller.signal });
    expect(runner.calls[0]?.options).toEqual({ timeoutMs: 1234, signal: controller.signal });
  });

  it('times out a hung nvpmodel instead of waiting for it', async () => {
    const runner = new ScriptedCommandRunner({ nvpmodel: () => ({ hang: true }) });
    await expect(new NvpmodelExecutor(runner, { timeoutMs: 50 }).setMode(1)).rejects.toMatchObject({
      code: 'timeout',
      command: 'nvpmodel -m 1',
    });
  });

  it('throws nvpmodel_query_failed when -q prints no mode', async () => {
    const runner = new ScriptedCommandRunner({ nvpmodel: () => ({ stdout: 'NVPM WARN: power mode is not set!\n' }) });
    const error = await new NvpmodelExecutor(runner).query().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(HardwareError);
    expect(error).toMatchObject({ code: 'nvpmodel_query_failed' });
  });
});
