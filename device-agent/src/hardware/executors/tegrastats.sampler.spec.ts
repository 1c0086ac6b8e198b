import { SimJetsonDevice, type ModuleId, type SimGeneration } from '@jetfleet/jetson';
import { afterEach, describe, expect, it } from 'vitest';
import { ScriptedCommandRunner } from '../command/scripted-command-runner.js';
import { HardwareError } from '../hardware-error.js';
import { SimBoardState } from '../simulated/sim-board-state.js';
import { SimulatedCommandRunner } from '../simulated/simulated-command-runner.js';
import { TegrastatsSampler } from './tegrastats.sampler.js';

const samplers: TegrastatsSampler[] = [];
afterEach(async () => {
  await Promise.all(samplers.splice(0).map((sampler) => sampler.stop()));
});

function sampler(moduleId: ModuleId, generation: SimGeneration): TegrastatsSampler {
  const device = new SimJetsonDevice({ moduleId, generation, seed: 5 });
  device.setWorkload({ gpuUtil: 0.7, cpuUtil: 0.3 });
  const runner = new SimulatedCommandRunner(device, new SimBoardState(59_000, 30_000), { timeFactor: 0.01 });
  const created = new TegrastatsSampler(runner, { module: moduleId, intervalMs: 500 });
  samplers.push(created);
  created.start();
  return created;
}

/** Current mW of a rail, read from the raw line without the library parser. */
function railMw(line: string, rail: string): number {
  const match = new RegExp(`(?:^| )${rail} (\\d+)(?:mW)?/`).exec(line);
  if (match?.[1] === undefined) throw new Error(`no ${rail} in ${line}`);
  return Number(match[1]);
}

describe('TegrastatsSampler board power per module (reference §2.5)', () => {
  it.each([
    ['agx-orin-64gb', 'r36', ['VDD_GPU_SOC', 'VDD_CPU_CV', 'VIN_SYS_5V0']],
    ['agx-orin-32gb', 'r35', ['VDD_GPU_SOC', 'VDD_CPU_CV', 'VIN_SYS_5V0']],
    ['agx-xavier-32gb', 'r32', ['GPU', 'CPU', 'SOC', 'CV', 'VDDRQ', 'SYS5V']],
  ] as const)('%s on %s: the sum of %j', async (moduleId, generation, rails) => {
    const { line, sample } = await sampler(moduleId, generation).next({ timeoutMs: 2000 });
    expect(sample.totalPowerMw).toBe(rails.reduce((sum, rail) => sum + railMw(line, rail), 0));
    if (generation === 'r35') {
      // The DDR rail is printed between two NC channels but is not part of the board total.
      expect(line).toMatch(/NC 0mW\/0mW VDDQ_VDD2_1V8AO \d+mW\/\d+mW NC 0mW\/0mW/);
      expect(sample.rails['NC']).toBeUndefined();
    }
  });

  it.each([
    ['orin-nx-16gb', 'r36', 'VDD_IN'],
    ['orin-nano-8gb', 'r39', 'VDD_IN'],
    ['xavier-nx-8gb', 'r35', 'VDD_IN'],
    ['tx2', 'r32', 'VDD_IN'],
    ['nano-4gb', 'r32', 'POM_5V_IN'],
    ['agx-thor', 'r38', 'VIN'],
  ] as const)('%s on %s: the %s input rail', async (moduleId, generation, rail) => {
    const { line, sample } = await sampler(moduleId, generation).next({ timeoutMs: 2000 });
    expect(sample.totalPowerMw).toBe(railMw(line, rail));
    expect(sample.totalPowerMw).toBeGreaterThan(1000);
  });

  it('reports a TX2 NX, which prints no rails, as unavailable (null), never 0', async () => {
    const { line, sample } = await sampler('tx2-nx', 'r32').next({ timeoutMs: 2000 });
    expect(line).not.toMatch(/VDD_IN|POM_5V_IN/);
    expect(sample.totalPowerMw).toBeNull();
    expect(sample.rails).toEqual({});
  });

  it('keeps the latest line and streams a new one every interval', async () => {
    const running = sampler('orin-nx-16gb', 'r36');
    const first = await running.next({ timeoutMs: 2000 });
    const second = await running.next({ timeoutMs: 2000 });
    expect(running.latest()).toBe(second);
    expect(second.receivedAt).toBeGreaterThanOrEqual(first.receivedAt);
    // The simulated clock moves by the interval between lines (timestamps have 1 s resolution).
    expect(second.sample.timestamp).not.toBeNull();
  });
});

describe('TegrastatsSampler supervision', () => {
  const line =
    '06-02-2025 15:19:57 RAM 6644/15657MB (lfb 180x4MB) SWAP 0/7828MB (cached 0MB) CPU [24%@1984,19%@1984] ' +
    'GR3D_FREQ 54% cpu@52.375C tj@53.031C VDD_IN 13308mW/13122mW VDD_CPU_GPU_CV 6210mW/6087mW VDD_SOC 2496mW/2481mW';

  it('restarts tegrastats after it exits and ignores lines that are not samples', async () => {
    const runner = new ScriptedCommandRunner({
      tegrastats: (_args, call) =>
        call === 0
          ? { stderr: 'tegrastats: cannot open sysfs\n', exitCode: 1 }
          : { stdout: `oops\n${line}\n`, hang: true },
    });
    const running = new TegrastatsSampler(runner, { module: 'orin-nx-16gb', restartDelayMs: 10 });
    samplers.push(running);
    running.start();
    const reading = await running.next({ timeoutMs: 2000 });
    expect(reading.sample.totalPowerMw).toBe(13308);
    expect(running.lastError).toBe('tegrastats exited with 1');
    expect(runner.calls.map((call) => call.args)).toEqual([
      ['--interval', '1000'],
      ['--interval', '1000'],
    ]);
  });

  it('gives up waiting with telemetry_unavailable and names why', async () => {
    const runner = new ScriptedCommandRunner({ tegrastats: () => ({ exitCode: 1 }) });
    const running = new TegrastatsSampler(runner, { module: 'orin-nx-16gb', restartDelayMs: 5 });
    samplers.push(running);
    running.start();
    const error = await running.next({ timeoutMs: 100 }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(HardwareError);
    expect((error as HardwareError).message).toMatch(
      /no tegrastats line within 100 ms \(last failure: tegrastats exited with 1\)/,
    );
  });

  it('stop() ends the running tegrastats', async () => {
    const runner = new ScriptedCommandRunner({ tegrastats: () => ({ hang: true }) });
    const running = new TegrastatsSampler(runner, { module: 'orin-nx-16gb' });
    running.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await running.stop();
    expect(running.running).toBe(false);
    expect(runner.calls[0]?.options.signal?.aborted).toBe(true);
  });
});
