export const RolloutState = {
  Running: 'running',
  AwaitingApproval: 'awaiting_approval',
  Paused: 'paused',
  /** Sending devices back to what they ran before; ends in `failed` (a gate failed) or `rolled_back`. */
  RollingBack: 'rolling_back',
  Completed: 'completed',
  Aborted: 'aborted',
  RolledBack: 'rolled_back',
  Failed: 'failed',
} as const;
export type RolloutState = (typeof RolloutState)[keyof typeof RolloutState];

/** States in which a rollout holds its devices (one active rollout per device). */
export const ACTIVE_ROLLOUT_STATES: readonly RolloutState[] = [
  RolloutState.Running,
  RolloutState.AwaitingApproval,
  RolloutState.Paused,
  RolloutState.RollingBack,
];

export const StageState = {
  Pending: 'pending',
  Deploying: 'deploying',
  Baking: 'baking',
  Passed: 'passed',
  Failed: 'failed',
  Inconclusive: 'inconclusive',
  Aborted: 'aborted',
} as const;
export type StageState = (typeof StageState)[keyof typeof StageState];

/** A device's deployment. The middle four mirror the phases the device reports. */
export const DeploymentState = {
  Queued: 'queued',
  /** Its compatibility class's engine is being built. */
  Building: 'building',
  Downloading: 'downloading',
  Activating: 'activating',
  Verifying: 'verifying',
  Healthy: 'healthy',
  Failed: 'failed',
  RollingBack: 'rolling_back',
  RolledBack: 'rolled_back',
  /** Never sent: the rollout was aborted or rolled back first. */
  Cancelled: 'cancelled',
} as const;
export type DeploymentState = (typeof DeploymentState)[keyof typeof DeploymentState];

/** The device has been sent the new desired state and is converging. */
export const IN_FLIGHT_STATES: readonly DeploymentState[] = [
  DeploymentState.Downloading,
  DeploymentState.Activating,
  DeploymentState.Verifying,
];

/** Nothing more will happen to the deployment within its stage. */
export const SETTLED_STATES: readonly DeploymentState[] = [
  DeploymentState.Healthy,
  DeploymentState.Failed,
  DeploymentState.RolledBack,
  DeploymentState.Cancelled,
];
