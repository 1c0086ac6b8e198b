/**
 * Every queue and job name, with the payload each job carries. Producers and processors both
 * import from here, so a renamed job fails to compile instead of silently never running.
 */
export const QueueName = {
  DeviceLiveness: 'device-liveness',
  TelemetryMaintenance: 'telemetry-maintenance',
  AlertEvaluation: 'alert-evaluation',
  WebhookDelivery: 'webhook-delivery',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  LivenessSweep: 'liveness-sweep',
  /** Creates upcoming daily partitions, drops expired ones, computes rollups. */
  TelemetryMaintenance: 'telemetry-maintenance',
  EvaluateAlerts: 'evaluate-alerts',
  DeliverWebhook: 'deliver-webhook',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export interface JobPayloads {
  [JobName.LivenessSweep]: Record<string, never>;
  [JobName.TelemetryMaintenance]: Record<string, never>;
  [JobName.EvaluateAlerts]: Record<string, never>;
  /** One row of webhook_deliveries; the processor loads endpoint and payload from it. */
  [JobName.DeliverWebhook]: { deliveryId: string };
}

/** Repeatable jobs are keyed by these ids so every replica registering them yields one schedule. */
export const JobSchedulerId = {
  LivenessSweep: 'device-liveness-sweep',
  TelemetryMaintenance: 'telemetry-maintenance',
  EvaluateAlerts: 'evaluate-alerts',
} as const;
