import { describe, expect, it } from 'vitest';
import { describeMeasurement, judgeHealth } from './health-check.util.js';

const ran = { ran: true, latencyP95Ms: 12.5, fps: 210, ap50: 0.697 };

describe('judgeHealth', () => {
  it('passes an engine that ran when no thresholds are set, and fails one that did not run', () => {
    expect(judgeHealth(undefined, ran)).toEqual({ ok: true });
    const failed = judgeHealth(undefined, { ...ran, ran: false, failure: 'engine_incompatible: version tag' });
    expect(failed).toEqual({ ok: false, message: 'engine did not run: engine_incompatible: version tag' });
  });

  it('gates p95 latency and AP50, listing every miss with its numbers', () => {
    expect(judgeHealth({ maxLatencyP95Ms: 20, minAp50: 0.69 }, ran)).toEqual({ ok: true });
    const verdict = judgeHealth({ maxLatencyP95Ms: 10, minAp50: 0.9 }, ran);
    expect(verdict).toEqual({
      ok: false,
      message: 'health check failed: latency p95 12.50 ms > max 10 ms; AP50 0.697 < min 0.9',
    });
  });

  it('fails an unmeasured latency when gated, but does not gate AP50 a board cannot measure', () => {
    expect(judgeHealth({ maxLatencyP95Ms: 10 }, { ...ran, latencyP95Ms: null }).ok).toBe(false);
    expect(judgeHealth({ minAp50: 0.9 }, { ...ran, ap50: null })).toEqual({ ok: true });
  });

  it('describes a measurement for messages', () => {
    expect(describeMeasurement(ran)).toBe('latency p95 12.50 ms, fps 210.0, AP50 0.697');
    expect(describeMeasurement({ latencyP95Ms: null, fps: null, ap50: null })).toBe(
      'latency p95 n/a, fps n/a, AP50 n/a',
    );
  });
});
