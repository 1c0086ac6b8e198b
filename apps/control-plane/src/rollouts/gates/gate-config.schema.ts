import { z } from 'zod';
import { InvalidRolloutConfigException, zodConfigIssues } from '../planning/rollout-config.exception.js';

const WEEK_SEC = 7 * 24 * 3600;

const ratio = (fallback: number) =>
  z.number().positive('must be greater than 0').max(10, 'must be at most 10').default(fallback);
const fraction = () => z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');

/**
 * Operator input for a rollout's gates. Thresholds are inclusive: a value equal to its limit passes.
 * The parsed object (defaults filled in) is what a rollout stores, so later default changes never
 * alter a running rollout.
 */
export const rolloutGatesSchema = z.strictObject({
  /** Canary devices with enough samples needed in each cohort group (hardware class + power mode). */
  minReportingDevices: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000).default(1),
  /** Samples a device needs in the window before it counts as reporting. */
  minSamplesPerDevice: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1_000_000).default(3),
  /** Canary p95 latency / baseline p95 latency. Below 1 demands a faster model. */
  maxLatencyP95Ratio: ratio(1.2),
  /** Absolute ceiling on canary p95 latency, whatever the baseline does. */
  maxLatencyP95Ms: z.number().positive('must be greater than 0').max(600_000).optional(),
  /** Canary mean board power / baseline mean board power. */
  maxPowerRatio: ratio(1.15),
  /** Canary mean board power must not exceed the active power mode's budget (its nominal watts). */
  enforcePowerBudget: z.boolean().default(true),
  /** Largest allowed absolute AP50 drop, baseline − canary (0.01 = one point). */
  maxAp50Drop: fraction().default(0.01),
  /** Absolute floor on canary AP50. */
  minAp50: fraction().optional(),
  /**
   * Share of the stage's deployments that may fail. 0: a failed deployment is a device where the new
   * engine did not deserialize or failed its own health check, which says more about the model than
   * about the device, so by default a single one stops the stage. Raise it for very large stages.
   */
  maxFailureRate: fraction().default(0),
  /** Share of the stage's devices that may be offline when it is judged. */
  maxOfflineRate: fraction().default(0.2),
  /** After the bake, how long to wait for enough data before calling the stage inconclusive. */
  evaluationTimeoutSec: z
    .number()
    .int('must be a whole number of seconds')
    .min(0, 'must be at least 0')
    .max(WEEK_SEC, `must be at most ${WEEK_SEC} (7 days)`)
    .default(600),
});

export type RolloutGates = z.output<typeof rolloutGatesSchema>;
export type RolloutGatesInput = z.input<typeof rolloutGatesSchema>;

export const DEFAULT_ROLLOUT_GATES: RolloutGates = rolloutGatesSchema.parse({});

/**
 * Validates operator input, throwing one exception that names every bad field (`gates.maxPowerRatio`).
 * Nulls count as absent because GraphQL sends omitted optional input fields as null.
 */
export function parseRolloutGates(raw: unknown): RolloutGates {
  const input =
    raw === null || raw === undefined
      ? {}
      : typeof raw === 'object' && !Array.isArray(raw)
        ? Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null && v !== undefined))
        : raw;
  const parsed = rolloutGatesSchema.safeParse(input);
  if (!parsed.success) throw new InvalidRolloutConfigException(zodConfigIssues('gates', parsed.error));
  return parsed.data;
}
