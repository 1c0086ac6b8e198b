import type { HardwareFacts, OnlineStatus, TelemetrySample } from '@jetfleet/protocol';
import { PROTOCOL_VERSION } from '@jetfleet/protocol';
import { SimulatedAdapter, profileForIndex } from '@jetfleet/device-agent';

/** Real payload contents: the hardware facts and one telemetry sample of a simulated Orin NX. */
export interface Payloads {
  facts: HardwareFacts;
  sample: TelemetrySample;
}

export async function realisticPayloads(): Promise<Payloads> {
  const adapter = new SimulatedAdapter({ ...profileForIndex(1), tegrastatsIntervalMs: 200 });
  try {
    const facts = await adapter.facts();
    const sample = await adapter.sample();
    return { facts, sample };
  } finally {
    await adapter.close();
  }
}

export function birthMessage(facts: HardwareFacts, sessionId: string, heartbeatSec: number): string {
  const birth: OnlineStatus = {
    state: 'online',
    protocolVersion: PROTOCOL_VERSION,
    agentVersion: 'bench',
    sessionId,
    heartbeatSec,
    hardware: facts,
    ts: new Date().toISOString(),
  };
  return JSON.stringify(birth);
}

/**
 * Builds telemetry messages from one sample with a new `ts` each, as cheaply as string
 * concatenation, so the load generator spends its CPU on MQTT rather than on JSON.
 */
export function telemetryBuilder(sample: TelemetrySample): (seq: number, sessionId: string, tsMs: number) => string {
  const tail = sampleTail(sample);
  return (seq, sessionId, tsMs) =>
    `{"seq":${seq},"sessionId":"${sessionId}","samples":[{"ts":"${new Date(tsMs).toISOString()}",${tail}]}`;
}

/** The sample's JSON after its `ts`: `"powerMw":…}` (without the opening brace). */
export function sampleTail(sample: TelemetrySample): string {
  const rest: Partial<TelemetrySample> = { ...sample };
  delete rest.ts;
  return JSON.stringify(rest).slice(1);
}

export const deviceId = (prefix: string, i: number): string => `${prefix}-${String(i).padStart(5, '0')}`;
