import type { JobProgress } from '@jetfleet/protocol';
import { describe, expect, it } from 'vitest';
import { interpretBuildProgress, type AttemptView } from './build-progress.util.js';

const build: AttemptView = { state: 'dispatched', attempt: 2, builderDeviceId: 'dev-a' };
const msg = (over: Partial<JobProgress>): JobProgress => ({
  jobId: 'j',
  state: 'running',
  ts: '2025-01-01T00:00:00Z',
  ...over,
});
const result = {
  engineSha256: 'a'.repeat(64),
  engineSizeBytes: 1234,
  trtVersion: '10.3.0',
  throughputQps: 410.5,
  latencyMs: { mean: 2.4, p99: 3.1 },
  gpuComputeMs: null,
  logTail: '[I] PASSED',
  durationMs: 91_000,
};

describe('interpretBuildProgress', () => {
  it('moves a running attempt to building with its percentage', () => {
    expect(interpretBuildProgress(build, 'dev-a', 2, msg({ progressPct: 40 }))).toEqual({
      kind: 'building',
      progressPct: 40,
    });
  });

  it('ignores other devices, older attempts, finished builds and plain acceptance', () => {
    expect(interpretBuildProgress(build, 'dev-b', 2, msg({})).kind).toBe('ignore');
    expect(interpretBuildProgress(build, 'dev-a', 1, msg({ state: 'failed' })).kind).toBe('ignore');
    expect(interpretBuildProgress({ ...build, state: 'cancelled' }, 'dev-a', 2, msg({ state: 'succeeded' })).kind).toBe(
      'ignore',
    );
    expect(interpretBuildProgress(build, 'dev-a', 2, msg({ state: 'accepted' })).kind).toBe('ignore');
  });

  it('accepts a success only with a valid result', () => {
    expect(interpretBuildProgress(build, 'dev-a', 2, msg({ state: 'succeeded', result }))).toEqual({
      kind: 'succeeded',
      result,
    });
    const bad = interpretBuildProgress(
      build,
      'dev-a',
      2,
      msg({ state: 'succeeded', result: { ...result, engineSha256: 'nope' } }),
    );
    expect(bad).toMatchObject({ kind: 'failed', logTail: '[I] PASSED' });
    expect(bad.kind === 'failed' && bad.error).toContain('engineSha256');
  });

  it('turns a failure or a cancellation by the device into a failed attempt, keeping the log tail', () => {
    expect(
      interpretBuildProgress(
        build,
        'dev-a',
        2,
        msg({ state: 'failed', message: 'out of memory', result: { logTail: 'x' } }),
      ),
    ).toEqual({ kind: 'failed', error: 'out of memory', logTail: 'x' });
    expect(interpretBuildProgress(build, 'dev-a', 2, msg({ state: 'cancelled' }))).toMatchObject({ kind: 'failed' });
  });
});
