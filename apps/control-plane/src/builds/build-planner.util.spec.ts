import { describe, expect, it } from 'vitest';
import { chooseBuilder, planBuilds, type PlannerDevice } from './build-planner.util.js';

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

describe('planBuilds', () => {
  it('makes one group per compatibility class, whatever the module names', () => {
    const plan = planBuilds(
      [
        dev('a'),
        dev('b', { module: 'orin-nano-8gb' }), // same SM and TRT: shares the engine
        dev('c', { tensorrt: '8.5.2' }),
        dev('d', { smArch: '7.2', tensorrt: '8.5.2', module: 'xavier-nx-8gb' }),
        dev('e', { smArch: null }),
      ],
      { precision: 'FP16' },
    );
    expect(plan.groups.map((g) => g.deviceIds)).toEqual([['d'], ['a', 'b'], ['c']]);
    expect(plan.unkeyed).toEqual(['e']);
  });
});

describe('chooseBuilder', () => {
  it('skips offline, busy, tried and under-provisioned devices and prefers free disk', () => {
    const pool = [
      dev('offline', { online: false, diskFreeMB: 90_000 }),
      dev('busy', { diskFreeMB: 80_000 }),
      dev('tried', { diskFreeMB: 70_000 }),
      dev('small-disk', { diskFreeMB: 1000 }),
      dev('small-ram', { ramTotalMB: 1980, diskFreeMB: 60_000 }),
      dev('ok-1', { diskFreeMB: 20_000 }),
      dev('ok-2', { diskFreeMB: 25_000 }),
    ];
    expect(chooseBuilder(pool, new Set(['busy']), new Set(['tried']))?.id).toBe('ok-2');
    expect(chooseBuilder(pool, new Set(['busy', 'ok-2']), new Set(['tried']))?.id).toBe('ok-1');
    expect(chooseBuilder(pool, new Set(['busy', 'ok-1', 'ok-2']), new Set(['tried']))).toBeNull();
  });
});
