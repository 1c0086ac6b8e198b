import { describe, expect, it } from 'vitest';
import { toTelemetryRow } from './telemetry-row.js';

const received = new Date('2026-11-23T10:00:00Z');

describe('toTelemetryRow', () => {
  it('keeps null power as null and derives the hottest zone', () => {
    const row = toTelemetryRow(
      'd1',
      { ts: '2026-11-23T09:59:58Z', powerMw: null, temps: { cpu: 51.5, gpu: 53.25, tj: 53.25 } },
      received,
    );
    expect(row).toMatchObject({ deviceId: 'd1', powerMw: null, tempMaxC: 53.25, gpuLoadPct: null });
    expect(row.ts.toISOString()).toBe('2026-11-23T09:59:58.000Z');
  });

  it('clamps samples stamped far in the future to the receive time', () => {
    expect(toTelemetryRow('d1', { ts: '2027-01-01T00:00:00Z', powerMw: 1 }, received).ts).toEqual(received);
    expect(toTelemetryRow('d1', { ts: '2026-11-23T10:04:00Z', powerMw: 1 }, received).ts.toISOString()).toBe(
      '2026-11-23T10:04:00.000Z',
    );
  });

  it('leaves the temperature maximum null when no zone was reported', () => {
    expect(toTelemetryRow('d1', { ts: '2026-11-23T09:59:58Z', powerMw: 5, temps: {} }, received).tempMaxC).toBeNull();
  });
});
