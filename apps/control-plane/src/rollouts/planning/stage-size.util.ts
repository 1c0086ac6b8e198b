import type { StageInput } from './stages-input.schema.js';

/** A percentage that lands on a fraction rounds up (at least one device); the float slack keeps 20% of 10 at 2. */
function stageTarget(total: number, stage: StageInput): number {
  if (stage.count !== undefined) return Math.min(total, stage.count);
  const percent = stage.percent ?? 100;
  return Math.min(total, Math.max(1, Math.ceil((total * percent) / 100 - 1e-9)));
}

/**
 * How many of `total` target devices stage `index` covers in total. Never shrinks from one stage to
 * the next (mixed percent and count stages cannot be ordered at validation time), and the last stage
 * covers everything.
 */
export function cumulativeStageTarget(total: number, stages: readonly StageInput[], index: number): number {
  if (total <= 0) return 0;
  if (index >= stages.length - 1) return total;
  let target = 0;
  for (let i = 0; i <= index; i++) target = Math.max(target, stageTarget(total, stages[i] as StageInput));
  return target;
}

/** Devices each stage adds for a target of `total` devices, assuming it does not change meanwhile. */
export function plannedStageSizes(total: number, stages: readonly StageInput[]): number[] {
  let covered = 0;
  return stages.map((_, i) => {
    const target = cumulativeStageTarget(total, stages, i);
    const adds = target - covered;
    covered = target;
    return adds;
  });
}
