/**
 * Every queue and job name, with the payload each job carries. Producers and processors both
 * import from here, so a renamed job fails to compile instead of silently never running.
 */
export const QueueName = {
  DeviceLiveness: 'device-liveness',
  TelemetryMaintenance: 'telemetry-maintenance',
  AlertEvaluation: 'alert-evaluation',
  WebhookDelivery: 'webhook-delivery',
  EngineBuilds: 'engine-builds',
  Rollouts: 'rollouts',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  LivenessSweep: 'liveness-sweep',
  /** Creates upcoming daily partitions, drops expired ones, computes rollups. */
  TelemetryMaintenance: 'telemetry-maintenance',
  EvaluateAlerts: 'evaluate-alerts',
  DeliverWebhook: 'deliver-webhook',
  /** Assigns builders to queued engine builds that are due, within the per-class limit. */
  DispatchBuilds: 'dispatch-builds',
  /** Timeouts, builders gone offline, due retries, engines waiting for devices that came back. */
  BuildWatchdog: 'build-watchdog',
  /** Sends `fetch-engine` to every device of a succeeded build's class. */
  DistributeEngine: 'distribute-engine',
  /** Sends every device of a class whose build failed its own local build job. */
  LocalFallbackBuilds: 'local-fallback-builds',
  /** Moves one rollout as far as its state allows: start a stage, send devices, evaluate gates, roll back. */
  RolloutStep: 'rollout-step',
  /** Enqueues a step for every active rollout (the safety net under the event-driven steps). */
  RolloutTick: 'rollout-tick',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export interface JobPayloads {
  [JobName.LivenessSweep]: Record<string, never>;
  [JobName.TelemetryMaintenance]: Record<string, never>;
  [JobName.EvaluateAlerts]: Record<string, never>;
  /** One row of webhook_deliveries; the processor loads endpoint and payload from it. */
  [JobName.DeliverWebhook]: { deliveryId: string };
  [JobName.DispatchBuilds]: Record<string, never>;
  [JobName.BuildWatchdog]: Record<string, never>;
  /** A succeeded engine_builds row. */
  [JobName.DistributeEngine]: { buildId: string };
  /** A failed engine_builds row whose class builds locally; only these devices (already marked). */
  [JobName.LocalFallbackBuilds]: { buildId: string; deviceIds: string[] };
  [JobName.RolloutStep]: { rolloutId: string };
  [JobName.RolloutTick]: Record<string, never>;
}

/** Repeatable jobs are keyed by these ids so every replica registering them yields one schedule. */
export const JobSchedulerId = {
  LivenessSweep: 'device-liveness-sweep',
  TelemetryMaintenance: 'telemetry-maintenance',
  EvaluateAlerts: 'evaluate-alerts',
  BuildWatchdog: 'engine-build-watchdog',
  RolloutTick: 'rollout-tick',
} as const;
