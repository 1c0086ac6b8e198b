/**
 * Every queue and job name, with the payload each job carries. Producers and processors both
 * import from here, so a renamed job fails to compile instead of silently never running.
 */
export const QueueName = {
  DeviceLiveness: 'device-liveness',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  LivenessSweep: 'liveness-sweep',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export interface JobPayloads {
  [JobName.LivenessSweep]: Record<string, never>;
}

/** Repeatable jobs are keyed by this id so every replica registering it yields one schedule. */
export const JobSchedulerId = {
  LivenessSweep: 'device-liveness-sweep',
} as const;
