import { describe, expect, it } from 'vitest';
import type { PlannerDevice } from './build-planner.util.js';
import { planDispatch, type QueuedBuild } from './dispatch-plan.util.js';

const now = new Date('2025-01-01T00:01:00Z');
const dev = (id: string, over: Partial<PlannerDevice> = {}): PlannerDevice => ({
  id,
  module: 'orin-nx-16gb',
  online: true,
  smArch: '8.7',
  tensorrt: '10.3.0',
  diskFreeMB: 30_000,
  ramTotalMB: 15_657,
  ...over,
});
const queued = (id: string, over: Partial<QueuedBuild> = {}): QueuedBuild => ({
  id,
  compatKey: 'k1',
  attempt: 0,
  queuedAt: new Date('2025-01-01T00:00:00Z'),
  triedDevices: [],
  candidates: [dev('a'), dev('b')],
  ...over,
});
const base = { running: [], concurrencyPerClass: 1, backoffMs: 10_000, now };

describe('planDispatch', () => {
  it('gives each class at most its limit of builds and never one builder two builds', () => {
    const plan = planDispatch({
      ...base,
      concurrencyPerClass: 2,
      queued: [queued('b1'), queued('b2'), queued('b3'), queued('c1', { compatKey: 'k2', candidates: [dev('c')] })],
    });
    expect(plan.dispatch).toEqual([
      { buildId: 'b1', attempt: 0, builderDeviceId: 'a' },
      { buildId: 'b2', attempt: 0, builderDeviceId: 'b' },
      { buildId: 'c1', attempt: 0, builderDeviceId: 'c' },
    ]);
    expect(plan.waiting).toEqual([{ buildId: 'b3', reason: 'class at its limit of 2 running' }]);
  });

  it('counts builds already running against the limit and their builders as busy', () => {
    const plan = planDispatch({
      ...base,
      concurrencyPerClass: 2,
      running: [{ compatKey: 'k1', builderDeviceId: 'a' }],
      queued: [queued('b1'), queued('b2')],
    });
    expect(plan.dispatch).toEqual([{ buildId: 'b1', attempt: 0, builderDeviceId: 'b' }]);
    expect(plan.waiting.map((w) => w.buildId)).toEqual(['b2']);
  });

  it('retries on a device not tried yet, after the backoff', () => {
    const retry = queued('b1', { attempt: 1, triedDevices: ['b'], queuedAt: new Date('2025-01-01T00:00:55Z') });
    expect(planDispatch({ ...base, queued: [retry] }).waiting).toEqual([{ buildId: 'b1', reason: 'retry backoff' }]);
    expect(planDispatch({ ...base, backoffMs: 5000, queued: [retry] }).dispatch).toEqual([
      { buildId: 'b1', attempt: 1, builderDeviceId: 'a' },
    ]);
  });

  it('waits while the only possible builders are offline, and fails when none can ever build', () => {
    const offline = queued('b1', { candidates: [dev('a', { online: false }), dev('b', { diskFreeMB: 100 })] });
    expect(planDispatch({ ...base, queued: [offline] }).waiting).toEqual([
      { buildId: 'b1', reason: 'no idle online builder' },
    ]);
    const exhausted = queued('b2', {
      attempt: 1,
      triedDevices: ['a'],
      candidates: [dev('a'), dev('b', { ramTotalMB: 1980 })],
    });
    expect(planDispatch({ ...base, backoffMs: 0, queued: [exhausted] }).fail).toEqual([
      { buildId: 'b2', reason: 'no device of the class can build it (tried a; too little disk or memory: b)' },
    ]);
  });
});
