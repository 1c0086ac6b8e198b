import { describe, expect, it } from 'vitest';
import { AlertRuleIndex } from './alert-rule-index.util.js';
import { planRun, type RunInput } from './alert-run-plan.util.js';
import type { DeviceSnapshot, TelemetryWindow } from './alert-evaluation.types.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const ago = (sec: number) => new Date(NOW.getTime() - sec * 1000);

const device = (id: string, over: Partial<DeviceSnapshot> = {}): DeviceSnapshot => ({
  id,
  module: 'orin-nano-8gb',
  online: true,
  offlineReason: null,
  statusChangedAt: ago(3600),
  tags: [],
  powerMode: '15W',
  diskTotalMB: 59_000,
  diskFreeMB: 30_000,
  ...over,
});
const sample = (over: Partial<TelemetryWindow> = {}): TelemetryWindow => ({
  samples: 1,
  latestTs: ago(1),
  powerMw: 8000,
  powerMode: '15W',
  tempMaxC: 50,
  latencyP95Ms: 20,
  ap50: null,
  diskFreeMB: 30_000,
  ...over,
});

const run = (over: Partial<RunInput>) =>
  planRun({
    rules: new AlertRuleIndex([]),
    devices: [],
    telemetry: new Map(),
    builds: new Map(),
    states: [],
    open: [],
    now: NOW,
    ...over,
  });

describe('planRun', () => {
  it('does nothing for a healthy fleet', () => {
    const plan = run({ devices: [device('a'), device('b')], telemetry: new Map([['a', sample()]]) });
    expect(plan).toEqual({ upserts: [], deletes: [], raises: [], resolves: [], kept: [] });
  });

  it('raises with the dedupe key, persists pending conditions, keeps and resolves open alerts', () => {
    const plan = run({
      devices: [
        device('off', { online: false, offlineReason: 'lwt', statusChangedAt: ago(3) }),
        device('hot'),
        device('back'),
        device('still-off', { online: false, offlineReason: 'lwt', statusChangedAt: ago(900) }),
      ],
      telemetry: new Map([
        ['hot', sample({ tempMaxC: 95 })],
        ['back', sample()],
      ]),
      states: [
        { kind: 'device_offline', deviceId: 'back', conditionSince: ago(100), state: {} },
        { kind: 'device_offline', deviceId: 'still-off', conditionSince: ago(900), state: {} },
      ],
      open: [
        { id: 'alert-back', kind: 'device_offline', deviceId: 'back' },
        { id: 'alert-still', kind: 'device_offline', deviceId: 'still-off' },
      ],
    });
    expect(plan.raises).toEqual([
      expect.objectContaining({ dedupeKey: 'device_offline:off', kind: 'device_offline', severity: 'critical' }),
    ]);
    expect(plan.upserts).toEqual(
      expect.arrayContaining([
        { kind: 'device_offline', deviceId: 'off', conditionSince: ago(3), state: {} },
        // temperature_high waits for its 60 s duration: pending, remembered.
        { kind: 'temperature_high', deviceId: 'hot', conditionSince: NOW, state: {} },
      ]),
    );
    expect(plan.upserts).toHaveLength(2);
    expect(plan.deletes).toEqual([{ kind: 'device_offline', deviceId: 'back', conditionSince: null, state: {} }]);
    expect(plan.resolves).toEqual([{ id: 'alert-back', details: { reason: 'condition_cleared' } }]);
    expect(plan.kept).toEqual(['alert-still']);
  });

  it('fires a pending condition from a stored state once its duration has passed', () => {
    const plan = run({
      devices: [device('hot')],
      telemetry: new Map([['hot', sample({ tempMaxC: 95 })]]),
      states: [{ kind: 'temperature_high', deviceId: 'hot', conditionSince: ago(61), state: {} }],
    });
    expect(plan.raises).toEqual([
      expect.objectContaining({
        dedupeKey: 'temperature_high:hot',
        details: expect.objectContaining({ conditionSince: ago(61).toISOString(), tempMaxC: 95 }),
      }),
    ]);
    expect(plan.upserts).toEqual([]);
  });
});
