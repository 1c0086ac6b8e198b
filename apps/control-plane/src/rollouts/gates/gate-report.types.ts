import type { RolloutGates } from './gate-config.schema.js';

/** What one cohort (the canaries or the baseline of one group) measured over the evaluation window. */
export interface CohortMetrics {
  /** Devices with at least `minSamplesPerDevice` samples; only these contribute to the figures below. */
  devices: number;
  samples: number;
  /** p95 over the reporting devices' samples (see cohort.util.ts for how it is pooled). */
  latencyP95Ms: number | null;
  /** Mean board power; null when the hardware reports none ("unavailable", never 0). */
  powerW: number | null;
  /** Mean of the reporting devices' latest AP50. */
  ap50: number | null;
}

/** One hardware class (module + power mode): canaries compared with the devices still on the previous model. */
export interface CohortGroup {
  /** `module/powerMode`, e.g. `orin-nano-8gb/15W`. */
  key: string;
  module: string;
  powerMode: string | null;
  /** The power mode's budget from the catalog; null when the module or mode is unknown. */
  powerBudgetW: number | null;
  canary: CohortMetrics;
  /** Null when no device of this group is left on the previous model. */
  baseline: CohortMetrics | null;
}

/** The stage's deployments, by state. `offline` overlaps the others: it counts devices offline now. */
export interface StageDeploymentCounts {
  total: number;
  healthy: number;
  failed: number;
  offline: number;
}

export interface GateInput {
  gates: RolloutGates;
  deployments: StageDeploymentCounts;
  groups: CohortGroup[];
  now: Date;
  /** After this, missing data makes the stage inconclusive instead of pending. */
  deadlineAt: Date;
}

export const GATE_CHECK_NAMES = [
  'reportingDevices',
  'latencyP95Ratio',
  'latencyP95Ms',
  'powerRatio',
  'powerBudget',
  'ap50Drop',
  'minAp50',
  'failureRate',
  'offlineRate',
] as const;
export type GateCheckName = (typeof GATE_CHECK_NAMES)[number];

/**
 * `skipped`: the check does not apply (no baseline, power unavailable, limit not set) and does not hold
 * the stage; `insufficient`: it applies but lacks data, which makes the stage pending (inconclusive
 * after the deadline).
 */
export type GateVerdict = 'pass' | 'fail' | 'skipped' | 'insufficient';

export interface GateCheck {
  name: GateCheckName;
  /** Group key, or null for stage-wide checks (failure and offline rates). */
  group: string | null;
  canary: number | null;
  baseline: number | null;
  /** The compared figure: the ratio, the drop, the rate, or the canary value itself for absolute checks. */
  value: number | null;
  threshold: number | null;
  verdict: GateVerdict;
  /** Why a check was skipped or lacks data; a one-line description for failures. */
  reason: string | null;
}

export type GateOutcome = 'pass' | 'fail' | 'inconclusive' | 'pending';

export interface GateReport {
  outcome: GateOutcome;
  checks: GateCheck[];
  /** One line for humans; on failure it names each failed check with its numbers. */
  summary: string;
  evaluatedAt: string;
  deadlineAt: string;
}
