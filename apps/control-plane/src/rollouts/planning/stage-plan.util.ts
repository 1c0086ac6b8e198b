import { createHash } from 'node:crypto';
import { cumulativeStageTarget } from './stage-size.util.js';
import type { StageInput } from './stages-input.schema.js';

export { parseStages, stagesInputSchema, type StageInput } from './stages-input.schema.js';
export { cumulativeStageTarget, plannedStageSizes } from './stage-size.util.js';

/** A device of the rollout's target as it is now. */
export interface PlanDevice {
  id: string;
  /** Cohort group key (hardware class + power mode). */
  group: string;
  online: boolean;
}

export interface StagePlanInput {
  rolloutId: string;
  stages: readonly StageInput[];
  stageIndex: number;
  /** The eligible target now: devices that joined since the start are simply part of it. */
  devices: readonly PlanDevice[];
  /** Devices already deployed by earlier stages of this rollout (whether or not still in `devices`). */
  alreadyDeployed: ReadonlySet<string>;
}

interface GroupState {
  key: string;
  size: number;
  covered: number;
  /** Undeployed devices this stage may take, best first. */
  candidates: PlanDevice[];
  taken: number;
  cap: number;
}

/** Stable per rollout, different across rollouts: the same devices are not always the guinea pigs. */
const rank = (rolloutId: string, deviceId: string): string =>
  createHash('sha256').update(`${rolloutId}\0${deviceId}`).digest('hex');

/** Whether group `a` is further behind its proportional share than `b` (ties: bigger group, then key). */
function behind(a: GroupState, b: GroupState): boolean {
  const lhs = (a.covered + a.taken) * b.size;
  const rhs = (b.covered + b.taken) * a.size;
  if (lhs !== rhs) return lhs < rhs;
  if (a.size !== b.size) return a.size > b.size;
  return a.key < b.key;
}

function groupsOf(input: StagePlanInput, final: boolean): GroupState[] {
  const byKey = new Map<string, PlanDevice[]>();
  const seen = new Set<string>();
  for (const d of input.devices) {
    if (seen.has(d.id)) continue;
    seen.add(d.id);
    const members = byKey.get(d.group);
    if (members) members.push(d);
    else byKey.set(d.group, [d]);
  }
  return [...byKey.entries()].map(([key, members]) => {
    const order = new Map(members.map((d) => [d.id, rank(input.rolloutId, d.id)]));
    const byRank = (a: PlanDevice, b: PlanDevice) => ((order.get(a.id) ?? '') < (order.get(b.id) ?? '') ? -1 : 1);
    const candidates = members
      // Before the last stage only online devices are canaries: an offline one could only fail the offline-rate gate.
      .filter((d) => !input.alreadyDeployed.has(d.id) && (final || d.online))
      .sort((a, b) => Number(b.online) - Number(a.online) || byRank(a, b));
    const undeployed = members.filter((d) => !input.alreadyDeployed.has(d.id)).length;
    // Before the last stage a group of two or more keeps a device on the previous model as its baseline,
    // an online one whenever two or more are online.
    const cap =
      final || members.length < 2
        ? candidates.length
        : candidates.length >= 2
          ? candidates.length - 1
          : Math.min(candidates.length, undeployed - 1);
    return { key, size: members.length, covered: members.length - undeployed, candidates, taken: 0, cap };
  });
}

/**
 * The devices stage `stageIndex` adds, in deployment order. Pure and deterministic: the same input
 * gives the same devices in the same order.
 *
 * The stage grows the rollout to its cumulative target (a share of every device in the target or
 * already deployed) and spreads the additions over cohort groups: each pick goes to the group whose
 * covered share is lowest, so a first stage large enough puts one canary in every group (largest
 * groups first when it is not), and later stages stay proportional to group sizes, with groups that
 * joined late catching up first. Before the last stage only online devices are picked, and a group
 * of two or more always keeps a device back as its baseline (an online one when two or more are
 * online), so a stage may add fewer devices than its size when groups are tiny or offline; the last
 * stage takes everything left.
 */
export function planStage(input: StagePlanInput): string[] {
  const { stages, stageIndex } = input;
  if (!Number.isInteger(stageIndex) || stageIndex < 0 || stageIndex >= stages.length) {
    throw new RangeError(`stage index ${stageIndex} is outside 0..${stages.length - 1}`);
  }
  const final = stageIndex === stages.length - 1;
  const groups = groupsOf(input, final);
  const total = new Set([...input.devices.map((d) => d.id), ...input.alreadyDeployed]).size;
  const target = cumulativeStageTarget(total, stages, stageIndex);
  let want = final ? Infinity : Math.max(0, target - input.alreadyDeployed.size);

  const picked: string[] = [];
  while (want > 0) {
    let best: GroupState | null = null;
    for (const g of groups) {
      if (g.taken >= g.cap) continue;
      if (best === null || behind(g, best)) best = g;
    }
    if (best === null) break;
    picked.push((best.candidates[best.taken] as PlanDevice).id);
    best.taken++;
    want--;
  }
  return picked;
}
