import { describe, expect, it } from 'vitest';
import { planStage, type PlanDevice, type StagePlanInput } from './stage-plan.util.js';
import type { StageInput } from './stages-input.schema.js';

const pct = (...ps: number[]): StageInput[] => ps.map((percent) => ({ percent, bakeSec: 0 }));

/** `{ a: 30, b: 15 }` → 30 devices of group a and 15 of group b, all online. */
function fleet(sizes: Record<string, number>, offline: ReadonlySet<string> = new Set()): PlanDevice[] {
  return Object.entries(sizes).flatMap(([group, n]) =>
    Array.from({ length: n }, (_, i) => ({ id: `${group}-${i}`, group, online: !offline.has(`${group}-${i}`) })),
  );
}

const plan = (over: Partial<StagePlanInput> & Pick<StagePlanInput, 'devices'>): string[] =>
  planStage({ rolloutId: 'r-1', stages: pct(5, 25, 100), stageIndex: 0, alreadyDeployed: new Set(), ...over });

const countByGroup = (ids: readonly string[], devices: readonly PlanDevice[]): Record<string, number> => {
  const group = new Map(devices.map((d) => [d.id, d.group]));
  const out: Record<string, number> = {};
  for (const id of ids) out[group.get(id) ?? '?'] = (out[group.get(id) ?? '?'] ?? 0) + 1;
  return out;
};

/** Runs every stage in turn, as the controller does, and returns each stage's additions. */
function runAll(devices: PlanDevice[], stages: StageInput[], rolloutId = 'r-1'): string[][] {
  const deployed = new Set<string>();
  return stages.map((_, stageIndex) => {
    const ids = planStage({ rolloutId, stages, stageIndex, devices, alreadyDeployed: new Set(deployed) });
    for (const id of ids) deployed.add(id);
    return ids;
  });
}

describe('planStage', () => {
  it('puts one canary in every group in the first stage when its size allows', () => {
    const devices = fleet({ 'orin-nano-8gb/15W': 30, 'agx-orin-64gb/MAXN': 15, 'xavier-nx-8gb/20W': 5 });
    const ids = plan({ devices });
    expect(ids).toHaveLength(3);
    expect(countByGroup(ids, devices)).toEqual({
      'orin-nano-8gb/15W': 1,
      'agx-orin-64gb/MAXN': 1,
      'xavier-nx-8gb/20W': 1,
    });
  });

  it('favours the largest groups when the first stage is smaller than the number of groups', () => {
    const devices = fleet({ a: 10, b: 30, c: 20, d: 2 });
    const ids = plan({ devices, stages: [{ count: 2, bakeSec: 0 }, ...pct(100)] });
    expect(countByGroup(ids, devices)).toEqual({ b: 1, c: 1 });
  });

  it('keeps a baseline in every group of two or more, and lets a lone device be a canary', () => {
    const devices = fleet({ pair: 2, trio: 3, solo: 1 });
    const ids = plan({ devices, stages: pct(90, 100) });
    expect(countByGroup(ids, devices)).toEqual({ pair: 1, trio: 2, solo: 1 });
  });

  it('keeps an online baseline when it can, an offline one only when it must', () => {
    const devices = fleet({ a: 3, b: 2 }, new Set(['a-0', 'b-1']));
    const ids = plan({ devices, stages: pct(99, 100) });
    // a: two online, one is kept back; b: one online, the offline one stays behind as the baseline.
    expect(countByGroup(ids, devices)).toEqual({ a: 1, b: 1 });
    expect(ids).not.toContain('a-0');
  });

  it('picks only online devices before the last stage, and everything left in the last', () => {
    const offline = new Set(['a-0', 'a-1', 'a-2', 'a-3', 'a-4']);
    const devices = fleet({ a: 10 }, offline);
    const first = plan({ devices, stages: pct(80, 100) });
    expect(first).toHaveLength(4); // 8 wanted, 5 online, one kept back as baseline
    expect(first.some((id) => offline.has(id))).toBe(false);
    const last = plan({ devices, stages: pct(80, 100), stageIndex: 1, alreadyDeployed: new Set(first) });
    expect(last).toHaveLength(6);
    expect(last.slice(0, 1).some((id) => offline.has(id))).toBe(false);
    expect(new Set([...first, ...last]).size).toBe(10);
  });

  it('stays proportional to group sizes after the first stage', () => {
    const devices = fleet({ a: 60, b: 30, c: 10 });
    const stages = pct(5, 25, 50, 100);
    const added = runAll(devices, stages);
    expect(added.map((ids) => ids.length)).toEqual([5, 20, 25, 50]);
    let cumulative: string[] = [];
    for (const [i, ids] of added.entries()) {
      cumulative = [...cumulative, ...ids];
      if (i === 0) continue;
      const share = (stages[i]?.percent ?? 0) / 100;
      const got = countByGroup(cumulative, devices);
      for (const [group, size] of Object.entries({ a: 60, b: 30, c: 10 })) {
        expect(Math.abs((got[group] ?? 0) - size * share)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('covers every device exactly once over the stages', () => {
    const devices = fleet({ a: 23, b: 7, c: 3, d: 1 }, new Set(['a-5', 'c-0']));
    const added = runAll(devices, pct(5, 25, 60, 100));
    const all = added.flat();
    expect(all).toHaveLength(34);
    expect(new Set(all).size).toBe(34);
  });

  it('is deterministic: same devices, whatever the input order, and reruns agree', () => {
    const devices = fleet({ a: 40, b: 20, c: 8 });
    const once = plan({ devices, stages: pct(25, 100) });
    expect(plan({ devices: [...devices].reverse(), stages: pct(25, 100) })).toEqual(once);
    expect(plan({ devices, stages: pct(25, 100) })).toEqual(once);
  });

  it('picks different devices for different rollouts', () => {
    const devices = fleet({ a: 200 });
    const one = plan({ devices, rolloutId: 'r-1', stages: pct(5, 100) });
    const two = plan({ devices, rolloutId: 'r-2', stages: pct(5, 100) });
    expect(one).toHaveLength(10);
    expect(two).not.toEqual(one);
  });

  it('includes devices that joined the target after the start, their group first', () => {
    const initial = fleet({ a: 20, b: 20 });
    const stages = pct(10, 50, 100);
    const first = planStage({ rolloutId: 'r-1', stages, stageIndex: 0, devices: initial, alreadyDeployed: new Set() });
    const joined = [...initial, ...fleet({ late: 10 })];
    const second = planStage({
      rolloutId: 'r-1',
      stages,
      stageIndex: 1,
      devices: joined,
      alreadyDeployed: new Set(first),
    });
    // 50% of 50 = 25 in total, 4 already deployed.
    expect(second).toHaveLength(21);
    expect(second.filter((id) => id.startsWith('late-'))).toHaveLength(5);
    expect(second[0]?.startsWith('late-')).toBe(true);
    expect(second.some((id) => first.includes(id))).toBe(false);
  });

  it('adds nothing when earlier stages already cover the target (devices left it)', () => {
    const devices = fleet({ a: 4 });
    const gone = new Set(['x-1', 'x-2', 'x-3', 'x-4', 'x-5', 'x-6']);
    expect(plan({ devices, stages: pct(50, 100), alreadyDeployed: gone })).toEqual([]);
    expect(plan({ devices, stages: pct(50, 100), stageIndex: 1, alreadyDeployed: gone })).toHaveLength(4);
  });

  it('ignores duplicate device entries', () => {
    const devices = fleet({ a: 4 });
    expect(plan({ devices: [...devices, ...devices], stages: pct(50, 100), stageIndex: 1 })).toHaveLength(4);
  });

  it('refuses a stage index outside the plan', () => {
    expect(() => plan({ devices: [], stageIndex: 3 })).toThrow(RangeError);
    expect(() => plan({ devices: [], stageIndex: -1 })).toThrow(RangeError);
  });

  it('keeps a baseline in every group after every stage but the last, on random fleets', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let trial = 0; trial < 200; trial++) {
      const sizes: Record<string, number> = {};
      for (let g = 0; g <= rand(5); g++) sizes[`g${g}`] = 1 + rand(12);
      const offline = new Set(Object.entries(sizes).flatMap(([g, n]) => (rand(3) === 0 ? [`${g}-${rand(n)}`] : [])));
      const devices = fleet(sizes, offline);
      const stages = pct(1 + rand(30), 50 + rand(49), 100);
      const deployed = new Set<string>();
      for (let stageIndex = 0; stageIndex < stages.length; stageIndex++) {
        for (const id of planStage({
          rolloutId: `t${trial}`,
          stages,
          stageIndex,
          devices,
          alreadyDeployed: new Set(deployed),
        })) {
          expect(deployed.has(id)).toBe(false);
          deployed.add(id);
        }
        const last = stageIndex === stages.length - 1;
        for (const [group, size] of Object.entries(sizes)) {
          const left = devices.filter((d) => d.group === group && !deployed.has(d.id)).length;
          if (last) expect(left).toBe(0);
          else if (size >= 2) expect(left).toBeGreaterThanOrEqual(1);
        }
      }
    }
  });

  it('plans an 11,500-device fleet quickly and exactly', () => {
    const sizes = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`g${i}`, 100 + i * 50]));
    const devices = fleet(sizes);
    const started = performance.now();
    const added = runAll(devices, pct(1, 10, 50, 100));
    const ms = performance.now() - started;
    expect(added.map((ids) => ids.length)).toEqual([115, 1035, 4600, 5750]);
    expect(ms).toBeLessThan(2000);
  });
});
