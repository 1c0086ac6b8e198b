import { describe, expect, it } from 'vitest';
import { ALERT_CONDITIONS } from './alert-conditions.util.js';
import { defaultParams, type AlertKind } from './alert-kind.constant.js';
import type { BuildOutcome, DeviceEvaluationInput, DeviceSnapshot, TelemetryWindow } from './alert-evaluation.types.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const ago = (sec: number) => new Date(NOW.getTime() - sec * 1000);

const device = (over: Partial<DeviceSnapshot> = {}): DeviceSnapshot => ({
  id: 'dev-1',
  module: 'orin-nano-8gb',
  online: true,
  offlineReason: null,
  statusChangedAt: ago(600),
  tags: [],
  powerMode: '15W',
  diskTotalMB: 59_000,
  diskFreeMB: 30_000,
  ...over,
});

const window = (over: Partial<TelemetryWindow> = {}): TelemetryWindow => ({
  samples: 3,
  latestTs: ago(1),
  powerMw: 9000,
  powerMode: '15W',
  tempMaxC: 55,
  latencyP95Ms: 30,
  ap50: null,
  diskFreeMB: 30_000,
  ...over,
});

const input = (
  d: Partial<DeviceSnapshot> = {},
  t: Partial<TelemetryWindow> | null = {},
  builds: BuildOutcome[] = [],
): DeviceEvaluationInput => ({ device: device(d), telemetry: t === null ? null : window(t), builds });

function check(
  kind: AlertKind,
  i: DeviceEvaluationInput,
  params: Record<string, number> = {},
  state: Record<string, unknown> = {},
) {
  return ALERT_CONDITIONS[kind](i, { ...defaultParams(kind), ...params }, state, NOW);
}

describe('device_offline', () => {
  it('is active from the moment the device went offline, with the reason', () => {
    const r = check('device_offline', input({ online: false, offlineReason: 'lwt', statusChangedAt: ago(30) }));
    expect(r.condition).toMatchObject({ status: 'active', since: ago(30), details: { offlineReason: 'lwt' } });
    expect(r.condition.status === 'active' && r.condition.summary).toContain('offline (lwt)');
  });

  it('is clear for an online device', () => {
    expect(check('device_offline', input()).condition.status).toBe('clear');
  });
});

describe('temperature_high', () => {
  it.each([
    [86, 'active'],
    [85, 'clear'],
    [40, 'clear'],
  ])('%s °C against the default 85 °C → %s', (tempMaxC, status) => {
    expect(check('temperature_high', input({}, { tempMaxC })).condition.status).toBe(status);
  });

  it('uses the rule threshold and reports the numbers', () => {
    const r = check('temperature_high', input({}, { tempMaxC: 71.234 }), { thresholdC: 70 });
    expect(r.condition).toMatchObject({ status: 'active', details: { tempMaxC: 71.23, thresholdC: 70 } });
  });

  it('is unknown without a recent sample or without a temperature, and for an offline device', () => {
    expect(check('temperature_high', input({}, null)).condition.status).toBe('unknown');
    expect(check('temperature_high', input({}, { tempMaxC: null })).condition.status).toBe('unknown');
    expect(check('temperature_high', input({ online: false }, { tempMaxC: 99 })).condition.status).toBe('unknown');
  });
});

describe('power_over_budget', () => {
  it("compares board power with the active mode's budget × factor", () => {
    // orin-nano-8gb 15W mode: 15 W × 1.1 = 16.5 W
    expect(check('power_over_budget', input({}, { powerMw: 16_600 })).condition).toMatchObject({
      status: 'active',
      details: { budgetW: 15, factor: 1.1, limitMw: 16_500, powerMode: '15W' },
    });
    expect(check('power_over_budget', input({}, { powerMw: 16_400 })).condition.status).toBe('clear');
  });

  it("takes the mode from telemetry first, else from the birth's hardware facts", () => {
    expect(check('power_over_budget', input({}, { powerMw: 8000, powerMode: '7W' })).condition.status).toBe('active');
    expect(
      check('power_over_budget', input({ powerMode: '7W' }, { powerMw: 8000, powerMode: null })).condition.status,
    ).toBe('active');
  });

  it('tolerates case and spaces in the mode name', () => {
    const r = check(
      'power_over_budget',
      input({ module: 'agx-orin-64gb' }, { powerMw: 40_000, powerMode: ' mode_30w ' }),
    );
    expect(r.condition).toMatchObject({ status: 'active', details: { budgetW: 30, powerMode: 'MODE_30W' } });
  });

  it('is unknown with no power, an unknown module or an unknown mode', () => {
    expect(check('power_over_budget', input({}, { powerMw: null })).condition.status).toBe('unknown');
    expect(check('power_over_budget', input({ module: 'raspberry-pi' }, { powerMw: 99_000 })).condition.status).toBe(
      'unknown',
    );
    expect(check('power_over_budget', input({}, { powerMode: 'TURBO' })).condition.status).toBe('unknown');
    expect(
      check('power_over_budget', input({ powerMode: null }, { powerMode: null, powerMw: 99_000 })).condition.status,
    ).toBe('unknown');
  });
});

describe('latency_slo', () => {
  it('fires above the SLO only', () => {
    expect(check('latency_slo', input({}, { latencyP95Ms: 120 })).condition.status).toBe('active');
    expect(check('latency_slo', input({}, { latencyP95Ms: 100 })).condition.status).toBe('clear');
    expect(check('latency_slo', input({}, { latencyP95Ms: 30 }), { sloMs: 25 }).condition.status).toBe('active');
    expect(check('latency_slo', input({}, { latencyP95Ms: null })).condition.status).toBe('unknown');
  });
});

describe('accuracy_low', () => {
  const ap = (value: number, sec: number) => ({ ap50: { value, ts: ago(sec) } });

  it('builds the baseline from the median of the first N reports, counting each report once', () => {
    let state: Record<string, unknown> = {};
    const feed = (value: number, sec: number) => {
      const r = check('accuracy_low', input({}, ap(value, sec)), { baselineSamples: 3 }, state);
      state = r.state;
      return r;
    };
    feed(0.7, 30);
    feed(0.7, 30); // the same report read again
    expect(state).toMatchObject({ collected: [0.7] });
    feed(0.72, 20);
    const third = feed(0.71, 10);
    expect(state).toMatchObject({ baseline: 0.71 });
    expect(state.collected).toBeUndefined();
    expect(third.condition.status).toBe('clear');
    // The baseline stays fixed: later reports do not move it.
    const low = feed(0.69, 5);
    expect(state.baseline).toBe(0.71);
    expect(low.condition).toMatchObject({ status: 'active', details: { baseline: 0.71, drop: 0.02 } });
  });

  it('allows a drop up to maxDrop', () => {
    const state = { baseline: 0.712 };
    expect(check('accuracy_low', input({}, ap(0.703, 1)), {}, state).condition.status).toBe('clear');
    expect(check('accuracy_low', input({}, ap(0.7, 1)), {}, state).condition.status).toBe('active');
    expect(check('accuracy_low', input({}, ap(0.7, 1)), { maxDrop: 0.05 }, state).condition.status).toBe('clear');
  });

  it('fires below the absolute floor even before a baseline exists', () => {
    const r = check('accuracy_low', input({}, ap(0.4, 1)), { minAp50: 0.5 });
    expect(r.condition.status).toBe('active');
    expect(r.condition.status === 'active' && r.condition.summary).toContain('below the 0.5 floor');
    expect(check('accuracy_low', input({}, ap(0.4, 1))).condition.status).toBe('clear');
  });

  it('is unknown without a report and keeps its state', () => {
    const r = check('accuracy_low', input({}, {}), {}, { baseline: 0.7 });
    expect(r).toEqual({ condition: { status: 'unknown' }, state: { baseline: 0.7 } });
  });
});

describe('build_failed', () => {
  const build = (succeeded: boolean, sec: number, jobId = `job-${sec}`): BuildOutcome => ({
    jobId,
    succeeded,
    finishedAt: ago(sec),
    message: succeeded ? null : 'trtexec exited with 1',
  });

  it('fires when the latest build failed, since its end', () => {
    const r = check('build_failed', input({}, {}, [build(true, 600), build(false, 60, 'job-9')]));
    expect(r.condition).toMatchObject({ status: 'active', since: ago(60), details: { jobId: 'job-9' } });
    expect(r.condition.status === 'active' && r.condition.summary).toBe(
      'Engine build job-9 failed: trtexec exited with 1',
    );
  });

  it('clears after a later success, after the window, or with no builds', () => {
    expect(check('build_failed', input({}, {}, [build(false, 600), build(true, 60)])).condition.status).toBe('clear');
    expect(check('build_failed', input({}, {}, [build(false, 7200)]), { windowSec: 3600 }).condition.status).toBe(
      'clear',
    );
    expect(check('build_failed', input({}, {}, [])).condition.status).toBe('clear');
  });

  it('does not depend on the device being online', () => {
    expect(check('build_failed', input({ online: false }, null, [build(false, 5)])).condition.status).toBe('active');
  });
});

describe('disk_low', () => {
  it('compares free disk with a percent of the total', () => {
    expect(check('disk_low', input({}, { diskFreeMB: 5000 })).condition).toMatchObject({
      status: 'active',
      details: { freePct: 8.47, minFreePct: 10 },
    });
    expect(check('disk_low', input({}, { diskFreeMB: 6000 })).condition.status).toBe('clear');
  });

  it('falls back to the birth facts when telemetry has no disk figure', () => {
    expect(check('disk_low', input({ diskFreeMB: 1000 }, { diskFreeMB: null })).condition.status).toBe('active');
    expect(check('disk_low', input({ diskFreeMB: 1000 }, null)).condition.status).toBe('active');
  });

  it('is unknown without a total', () => {
    expect(check('disk_low', input({ diskTotalMB: null }, { diskFreeMB: 1 })).condition.status).toBe('unknown');
  });
});

describe('power_unavailable', () => {
  it('fires when a module with power rails sends no power', () => {
    const r = check('power_unavailable', input({}, { powerMw: null }));
    expect(r.condition).toMatchObject({ status: 'active', details: { rails: 'VDD_IN', powerRule: 'rail' } });
    expect(check('power_unavailable', input({}, { powerMw: 5000 })).condition.status).toBe('clear');
  });

  it("never fires for a module whose rule is 'unavailable' (TX2 NX)", () => {
    expect(check('power_unavailable', input({ module: 'tx2-nx' }, { powerMw: null })).condition.status).toBe('clear');
  });

  it('names every rail of a summed rule', () => {
    const r = check('power_unavailable', input({ module: 'agx-orin-32gb' }, { powerMw: null }));
    expect(r.condition).toMatchObject({ details: { rails: 'VDD_GPU_SOC+VDD_CPU_CV+VIN_SYS_5V0' } });
  });

  it('is unknown without samples or for an unknown module', () => {
    expect(check('power_unavailable', input({}, null)).condition.status).toBe('unknown');
    expect(check('power_unavailable', input({ module: 'x' }, { powerMw: null })).condition.status).toBe('unknown');
  });
});
