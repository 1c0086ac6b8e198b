import type { z } from 'zod';
import { DEVICE_ID_PATTERN } from './device-id.schema.js';
import { jobProgressSchema, type JobProgress } from './job.schema.js';
import { MAX_PAYLOAD_BYTES } from './protocol-version.constant.js';
import { reportedStateSchema, type ReportedState } from './reported.schema.js';
import { statusMessageSchema, type StatusMessage } from './status.schema.js';
import { telemetryMessageSchema, type TelemetryMessage } from './telemetry.schema.js';
import { parseTopic } from './topics.js';

/** Stable reason codes: they label the rejection counters, so never rename one. */
export const REJECT_REASONS = [
  'unknown_topic',
  'invalid_device_id',
  'too_large',
  'invalid_json',
  'invalid_schema',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export type DeviceMessage =
  | { channel: 'status'; deviceId: string; message: StatusMessage }
  | { channel: 'telemetry'; deviceId: string; message: TelemetryMessage }
  | { channel: 'reported'; deviceId: string; message: ReportedState }
  | { channel: 'jobs'; deviceId: string; jobId: string; message: JobProgress };

export type DecodeResult =
  { ok: true; value: DeviceMessage } | { ok: false; reason: RejectReason; detail: string; deviceId?: string };

function reject(reason: RejectReason, detail: string, deviceId?: string): DecodeResult {
  return deviceId === undefined ? { ok: false, reason, detail } : { ok: false, reason, detail, deviceId };
}

function summarize(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

/**
 * Validates a message a device published. Never throws: anything a device sends is untrusted,
 * and the caller counts the rejection by `reason`.
 */
export function decodeDeviceMessage(topic: string, payload: Uint8Array): DecodeResult {
  const parsed = parseTopic(topic);
  if (!parsed || parsed.channel === 'desired' || (parsed.channel === 'jobs' && !parsed.progress)) {
    return reject('unknown_topic', `not a device-to-cloud topic: ${topic.slice(0, 200)}`);
  }
  const { deviceId } = parsed;
  if (!DEVICE_ID_PATTERN.test(deviceId)) {
    return reject('invalid_device_id', `bad device id in topic: ${deviceId.slice(0, 80)}`);
  }
  if (payload.byteLength > MAX_PAYLOAD_BYTES) {
    return reject('too_large', `payload ${payload.byteLength} B exceeds ${MAX_PAYLOAD_BYTES} B`, deviceId);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch (err) {
    return reject('invalid_json', (err as Error).message.slice(0, 200), deviceId);
  }
  switch (parsed.channel) {
    case 'status': {
      const r = statusMessageSchema.safeParse(json);
      return r.success
        ? { ok: true, value: { channel: 'status', deviceId, message: r.data } }
        : reject('invalid_schema', `status: ${summarize(r.error)}`, deviceId);
    }
    case 'telemetry': {
      const r = telemetryMessageSchema.safeParse(json);
      return r.success
        ? { ok: true, value: { channel: 'telemetry', deviceId, message: r.data } }
        : reject('invalid_schema', `telemetry: ${summarize(r.error)}`, deviceId);
    }
    case 'reported': {
      const r = reportedStateSchema.safeParse(json);
      return r.success
        ? { ok: true, value: { channel: 'reported', deviceId, message: r.data } }
        : reject('invalid_schema', `reported: ${summarize(r.error)}`, deviceId);
    }
    case 'jobs': {
      const r = jobProgressSchema.safeParse(json);
      const jobId = parsed.jobId ?? '';
      if (r.success && r.data.jobId !== jobId) {
        return reject('invalid_schema', `jobs: jobId ${r.data.jobId} does not match topic ${jobId}`, deviceId);
      }
      return r.success
        ? { ok: true, value: { channel: 'jobs', deviceId, jobId, message: r.data } }
        : reject('invalid_schema', `jobs: ${summarize(r.error)}`, deviceId);
    }
  }
}
