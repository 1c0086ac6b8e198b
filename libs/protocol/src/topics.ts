import { TOPIC_ROOT } from './protocol-version.constant.js';

export type DeviceChannel = 'status' | 'desired' | 'reported' | 'telemetry' | 'jobs';

const DEVICES = `${TOPIC_ROOT}/devices`;

/** Topic builders: the only place topic strings are assembled. */
export const topics = {
  status: (deviceId: string): string => `${DEVICES}/${deviceId}/status`,
  desired: (deviceId: string): string => `${DEVICES}/${deviceId}/desired`,
  reported: (deviceId: string): string => `${DEVICES}/${deviceId}/reported`,
  telemetry: (deviceId: string): string => `${DEVICES}/${deviceId}/telemetry`,
  job: (deviceId: string, jobId: string): string => `${DEVICES}/${deviceId}/jobs/${jobId}`,
  jobProgress: (deviceId: string, jobId: string): string => `${DEVICES}/${deviceId}/jobs/${jobId}/progress`,
  /** Subscription filter for one channel across every device. */
  allDevices: (channel: DeviceChannel): string =>
    channel === 'jobs' ? `${DEVICES}/+/jobs/+/progress` : `${DEVICES}/+/${channel}`,
  /** Everything a device must receive: its desired state and the jobs addressed to it. */
  deviceInbox: (deviceId: string): string[] => [`${DEVICES}/${deviceId}/desired`, `${DEVICES}/${deviceId}/jobs/+`],
  /**
   * MQTT 5 shared subscription: replicas in one group split the messages between them.
   * The group name is a topic level, so it is restricted like a device id.
   */
  shared: (group: string, filter: string): string => `$share/${group}/${filter}`,
} as const;

export interface ParsedTopic {
  deviceId: string;
  channel: DeviceChannel;
  jobId?: string;
  progress?: boolean;
}

/** Inverse of the builders; returns null for anything that is not a device topic of this version. */
export function parseTopic(topic: string): ParsedTopic | null {
  const prefix = `${DEVICES}/`;
  if (!topic.startsWith(prefix)) return null;
  const parts = topic.slice(prefix.length).split('/');
  const [deviceId, channel, jobId, tail] = parts;
  if (!deviceId || !channel) return null;
  if (channel === 'jobs') {
    if (!jobId || parts.length > 4 || (tail !== undefined && tail !== 'progress')) return null;
    return { deviceId, channel, jobId, progress: tail === 'progress' };
  }
  if (parts.length !== 2) return null;
  if (channel === 'status' || channel === 'desired' || channel === 'reported' || channel === 'telemetry') {
    return { deviceId, channel };
  }
  return null;
}
