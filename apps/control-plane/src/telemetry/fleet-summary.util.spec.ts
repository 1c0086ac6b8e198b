import { describe, expect, it } from 'vitest';
import { summarizeFleet } from './fleet-summary.util.js';

const row = (id: string, module: string, online: boolean, powerMode: string | null, powerMw: number | null) => ({
  id,
  module,
  online,
  power_mode: powerMode,
  power_mw: powerMw,
});

describe('summarizeFleet', () => {
  it('counts devices, averages power per module over reporting online devices only', () => {
    const s = summarizeFleet([
      row('a', 'orin-nx-16gb', true, '25W', 10_000),
      row('b', 'orin-nx-16gb', true, '25W', 14_000),
      row('c', 'orin-nx-16gb', false, '25W', 99_000),
      row('d', 'tx2-nx', true, null, null),
    ]);
    expect(s).toMatchObject({ devices: 4, online: 3 });
    expect(s.byModule).toEqual([
      { module: 'orin-nx-16gb', devices: 3, online: 2, meanPowerMw: 12_000 },
      { module: 'tx2-nx', devices: 1, online: 1, meanPowerMw: null },
    ]);
  });

  it("flags online devices over their power mode's budget, by the mode name of their module", () => {
    const s = summarizeFleet([
      row('hot', 'orin-nano-8gb', true, '7W', 9_500),
      row('ok', 'orin-nano-8gb', true, '15W', 9_500),
      row('off', 'orin-nano-8gb', false, '7W', 20_000),
      row('unknown-mode', 'orin-nano-8gb', true, 'TURBO', 50_000),
    ]);
    expect(s.overBudget).toEqual([
      { deviceId: 'hot', module: 'orin-nano-8gb', powerMode: '7W', powerMw: 9_500, budgetMw: 7_000 },
    ]);
  });
});
