import { z } from 'zod';
import { InvalidRolloutConfigException, zodConfigIssues } from './rollout-config.exception.js';

export const MAX_STAGES = 10;
export const MAX_BAKE_SEC = 7 * 24 * 3600;

const stageSchema = z.strictObject({
  /** Cumulative share of the target covered once this stage is done. */
  percent: z.number().gt(0, 'must be greater than 0').max(100, 'must be at most 100').optional(),
  /** Cumulative number of target devices covered once this stage is done. */
  count: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1_000_000).optional(),
  bakeSec: z
    .number({ error: 'is required (seconds to bake after the stage is deployed)' })
    .int('must be a whole number of seconds')
    .min(0, 'must be at least 0')
    .max(MAX_BAKE_SEC, `must be at most ${MAX_BAKE_SEC} (7 days)`),
});

/**
 * Stage definitions. Sizes are cumulative targets: stage i covers `percent`% (or `count` devices) of
 * the target in total. Percent and count stages may be mixed (`5 devices, then 25%, then 100%`); each
 * kind must grow from one stage to the next, and the last stage must be `percent: 100`.
 */
export const stagesInputSchema = z
  .array(stageSchema)
  .min(1, 'needs at least 1 stage')
  .max(MAX_STAGES, `allows at most ${MAX_STAGES} stages`)
  .superRefine((stages, ctx) => {
    let lastPercent: { i: number; v: number } | null = null;
    let lastCount: { i: number; v: number } | null = null;
    stages.forEach((stage, i) => {
      if (stage.percent === undefined && stage.count === undefined) {
        ctx.addIssue({ code: 'custom', path: [i], message: 'needs percent or count' });
      } else if (stage.percent !== undefined && stage.count !== undefined) {
        ctx.addIssue({ code: 'custom', path: [i, 'count'], message: 'give percent or count, not both' });
      }
      if (stage.percent !== undefined) {
        if (lastPercent !== null && stage.percent <= lastPercent.v) {
          const message = `must be greater than stages[${lastPercent.i}].percent (${lastPercent.v}): sizes are cumulative`;
          ctx.addIssue({ code: 'custom', path: [i, 'percent'], message });
        }
        lastPercent = { i, v: stage.percent };
      }
      if (stage.count !== undefined) {
        if (lastCount !== null && stage.count <= lastCount.v) {
          const message = `must be greater than stages[${lastCount.i}].count (${lastCount.v}): sizes are cumulative`;
          ctx.addIssue({ code: 'custom', path: [i, 'count'], message });
        }
        lastCount = { i, v: stage.count };
      }
    });
    const last = stages.length - 1;
    if (stages[last]?.percent !== 100) {
      ctx.addIssue({ code: 'custom', path: [last, 'percent'], message: 'the last stage must be percent: 100' });
    }
  });

export type StageInput = z.output<typeof stageSchema>;

const withoutNulls = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined))
    : value;

/**
 * Validates operator input, throwing one exception that names every bad field (`stages[1].percent`).
 * Nulls inside a stage count as absent because GraphQL sends omitted optional input fields as null.
 */
export function parseStages(raw: unknown): StageInput[] {
  const parsed = stagesInputSchema.safeParse(Array.isArray(raw) ? raw.map(withoutNulls) : raw);
  if (!parsed.success) throw new InvalidRolloutConfigException(zodConfigIssues('stages', parsed.error));
  return parsed.data;
}
