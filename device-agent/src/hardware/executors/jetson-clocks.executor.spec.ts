import { SimJetsonDevice } from '@jetfleet/jetson';
import { describe, expect, it } from 'vitest';
import { HardwareError } from '../hardware-error.js';
import { SimBoardState } from '../simulated/sim-board-state.js';
import { SimulatedCommandRunner } from '../simulated/simulated-command-runner.js';
import { JetsonClocksExecutor } from './jetson-clocks.executor.js';

function simulated(root = true) {
  const device = new SimJetsonDevice({ moduleId: 'orin-nx-16gb', generation: 'r36', seed: 2 });
  const runner = new SimulatedCommandRunner(device, new SimBoardState(59_000, 30_000), { timeFactor: 0.001, root });
  return { device, clocks: new JetsonClocksExecutor(runner) };
}

describe('JetsonClocksExecutor', () => {
  it('on stores the unpinned state first, pins; off restores it', async () => {
    const { device, clocks } = simulated();
    const before = await clocks.show();
    expect(before.pinned).toBe(false);
    expect(before.soc).toBe('t234');
    await clocks.apply('on');
    expect(device.isPinned).toBe(true);
    const pinned = await clocks.show();
    expect(pinned.pinned).toBe(true);
    expect(pinned.gpu?.minHz).toBe(pinned.gpu?.maxHz);
    await clocks.apply('on');
    await clocks.apply('off');
    // The second `on` must not have stored the pinned state over the original.
    expect(device.isPinned).toBe(false);
    expect((await clocks.show()).powerModeName).toBe('15W');
  });

  it('fails restore without a stored state, naming the command', async () => {
    const error = await simulated()
      .clocks.apply('restore')
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(HardwareError);
    expect(error).toMatchObject({ code: 'jetson_clocks_failed' });
    expect((error as Error).message).toMatch(/^jetson_clocks --restore: exit 1: .*not found/);
  });

  it('fails without root', async () => {
    const { device, clocks } = simulated(false);
    await expect(clocks.apply('on')).rejects.toMatchObject({ code: 'jetson_clocks_failed' });
    expect(device.isPinned).toBe(false);
  });
});
