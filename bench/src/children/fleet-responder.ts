// A lightweight simulated fleet for the rollout benchmarks: a few MQTT connections speak for N
// devices. It registers them with real births, answers every desired-state document with the
// reports a real agent sends for its rev (no hardware simulated, so the figure is the control
// plane's, not the simulator's), answers build and fetch jobs (uploading an engine like a real
// builder), and keeps a trickle of telemetry from the devices that most recently became healthy,
// which is what a stage's gates judge. It records when each device first received a document.
import { createHash } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import {
  topics,
  type BuildEngineParams,
  type HardwareFacts,
  type JobCommand,
  type JobProgress,
  type ReportedPhase,
  type ReportedState,
  type TelemetrySample,
} from '@jetfleet/protocol';
import { engineBytes, factsOfKind, FLEET_KINDS, kindOf } from '../lib/fleet-kinds.js';
import { childConfig, serve } from '../lib/ipc.js';
import { birthMessage, deviceId, telemetryBuilder } from '../lib/payloads.js';

interface Config {
  url: string;
  prefix: string;
  devices: number;
  /** MQTT connections sharing the fleet (a shared subscription splits the documents between them). */
  clients: number;
  facts: HardwareFacts;
  sample: TelemetrySample;
  /** The control plane's HTTP base, for engine uploads (job URLs may name localhost). */
  httpBase: string | null;
}

export interface ResponderMode {
  /** false: documents are only recorded, never answered (deployments stay in flight). */
  answer: boolean;
  /** Reports sent per document, in order; the last must be `healthy`. */
  phases: ReportedPhase[];
}

export interface ResponderStats {
  received: number;
  emptyReceived: number;
  answered: number;
  reportFailures: number;
  firstReceivedAt: number;
  lastReceivedAt: number;
  lastAnsweredAt: number;
  /** Bytes of the documents received (as published: the signed envelope). */
  bytes: { min: number; max: number; total: number };
  telemetrySent: number;
  jobs: Record<string, number>;
  uploadFailures: number;
}

const cfg = childConfig<Config>();
const SHARE = `benchfleet${process.pid}`;
const clients: MqttClient[] = [];
let mode: ResponderMode = { answer: true, phases: ['healthy'] };
const firstSeen = new Map<string, number>();
const stats: ResponderStats = emptyStats();
/** Per kind, the devices that most recently turned healthy: the current stage's canaries. */
const recentHealthy: string[][] = FLEET_KINDS.map(() => []);
const RECENT_PER_KIND = 2;
// A device's telemetry names its own power mode: gates group canaries by module and power mode.
const buildTelemetry = FLEET_KINDS.map((k) => telemetryBuilder({ ...cfg.sample, powerMode: k.powerMode }));
let telemetryTimer: NodeJS.Timeout | null = null;
let telemetrySeq = 0;

function emptyStats(): ResponderStats {
  return {
    received: 0,
    emptyReceived: 0,
    answered: 0,
    reportFailures: 0,
    firstReceivedAt: 0,
    lastReceivedAt: 0,
    lastAnsweredAt: 0,
    bytes: { min: Number.MAX_SAFE_INTEGER, max: 0, total: 0 },
    telemetrySent: 0,
    jobs: {},
    uploadFailures: 0,
  };
}

const indexOf = (id: string): number => Number(id.slice(cfg.prefix.length + 1));
const deviceOfTopic = (topic: string): string => topic.split('/')[3] ?? '';

/** Desired state and jobs are signed envelopes whose `payload` is the document's JSON text. */
function openDocument<T>(payload: Buffer): T {
  const outer = JSON.parse(payload.toString()) as { payload?: unknown };
  return (typeof outer.payload === 'string' ? JSON.parse(outer.payload) : outer) as T;
}

interface DesiredDoc {
  rev: number;
  model?: { modelVersionId?: string; engine?: { sha256?: string } };
}

function onDesired(client: MqttClient, topic: string, payload: Buffer): void {
  const now = Date.now();
  if (payload.length === 0) {
    stats.emptyReceived++;
    return;
  }
  const id = deviceOfTopic(topic);
  if (!firstSeen.has(id)) firstSeen.set(id, now);
  if (stats.received++ === 0) stats.firstReceivedAt = now;
  stats.lastReceivedAt = now;
  stats.bytes.min = Math.min(stats.bytes.min, payload.length);
  stats.bytes.max = Math.max(stats.bytes.max, payload.length);
  stats.bytes.total += payload.length;
  if (!mode.answer) return;
  const doc = openDocument<DesiredDoc>(payload);
  const kind = FLEET_KINDS[kindOf(indexOf(id))]!;
  const phases = mode.phases;
  let left = phases.length;
  phases.forEach((phase) => {
    const healthy = phase === 'healthy';
    const report: ReportedState = {
      appliedRev: healthy ? doc.rev : Math.max(0, doc.rev - 1),
      targetRev: doc.rev,
      phase,
      powerMode: kind.powerMode,
      activeModelVersionId: healthy ? (doc.model?.modelVersionId ?? null) : null,
      activeEngineSha256: healthy ? (doc.model?.engine?.sha256 ?? null) : null,
      verification: healthy ? { latencyP95Ms: 12.4, fps: 81.2, ap50: 0.708 } : null,
      error: null,
      ts: new Date().toISOString(),
    };
    client.publish(topics.reported(id), JSON.stringify(report), { qos: 1 }, (err) => {
      if (err) stats.reportFailures++;
      if (--left > 0) return;
      stats.answered++;
      stats.lastAnsweredAt = Date.now();
      const recent = recentHealthy[kindOf(indexOf(id))]!;
      recent.push(id);
      if (recent.length > RECENT_PER_KIND) recent.shift();
    });
  });
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function progress(
  client: MqttClient,
  id: string,
  jobId: string,
  p: Omit<JobProgress, 'jobId' | 'ts'>,
): Promise<void> {
  const msg: JobProgress = { jobId, ts: new Date().toISOString(), ...p };
  await client.publishAsync(topics.jobProgress(id, jobId), JSON.stringify(msg), { qos: 1 });
}

/** A builder as the real agent behaves on the wire: accepted, running, engine uploaded, succeeded. */
async function onJob(client: MqttClient, topic: string, payload: Buffer): Promise<void> {
  if (payload.length === 0) return;
  const id = deviceOfTopic(topic);
  const job = openDocument<JobCommand>(payload);
  stats.jobs[job.kind] = (stats.jobs[job.kind] ?? 0) + 1;
  switch (job.kind) {
    case 'build-engine': {
      const params = job.params as BuildEngineParams;
      await progress(client, id, job.jobId, { state: 'accepted' });
      const kind = kindOf(indexOf(id));
      const engine = engineBytes(kind);
      if (params.engineUploadUrl) {
        const url = new URL(params.engineUploadUrl);
        const target = cfg.httpBase ? `${cfg.httpBase}${url.pathname}${url.search}` : url.toString();
        const put = await fetch(target, {
          method: 'PUT',
          headers: { 'content-type': 'application/octet-stream', 'x-content-sha256': sha256(engine) },
          body: engine,
        });
        if (!put.ok) {
          stats.uploadFailures++;
          await progress(client, id, job.jobId, { state: 'failed', message: `engine upload failed: ${put.status}` });
          return;
        }
      }
      const k = FLEET_KINDS[kind]!;
      await progress(client, id, job.jobId, {
        state: 'succeeded',
        progressPct: 100,
        result: {
          engineSha256: sha256(engine),
          engineSizeBytes: engine.length,
          trtVersion: k.tensorrt,
          throughputQps: 412.7,
          latencyMs: { min: 2.31, mean: 2.42, median: 2.4, 'percentile(99)': 2.9 },
          gpuComputeMs: { mean: 2.2 },
          logTail: '&&&& PASSED TensorRT.trtexec',
          durationMs: 91_500,
        },
      });
      return;
    }
    case 'fetch-engine':
      await progress(client, id, job.jobId, { state: 'succeeded', progressPct: 100 });
      return;
    case 'cancel':
      await progress(client, id, (job.params as { jobId: string }).jobId, { state: 'cancelled' });
      return;
    case 'evaluate-accuracy':
    case 'benchmark':
      return;
  }
}

async function connect(): Promise<number> {
  for (let k = 0; k < cfg.clients; k++) {
    const client = await mqtt.connectAsync(cfg.url, {
      protocolVersion: 5,
      clientId: `bench-fleet-${process.pid}-${k}`,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 30_000,
    });
    client.on('message', (topic, payload) => {
      if (topic.endsWith('/desired')) onDesired(client, topic, payload);
      else void onJob(client, topic, payload).catch((err: Error) => console.error(`job on ${topic}: ${err.message}`));
    });
    await client.subscribeAsync(
      [topics.shared(SHARE, topics.allDevices('desired')), topics.shared(SHARE, 'jetfleet/v1/devices/+/jobs/+')],
      { qos: 1 },
    );
    clients.push(client);
  }
  return clients.length;
}

/** One birth per device (heartbeat an hour: the benchmark must not depend on liveness ticks). */
async function births(): Promise<number> {
  const WINDOW = 500;
  for (let start = 0; start < cfg.devices; start += WINDOW) {
    const end = Math.min(cfg.devices, start + WINDOW);
    const batch: Promise<unknown>[] = [];
    for (let i = start; i < end; i++) {
      const facts = factsOfKind(cfg.facts, kindOf(i));
      batch.push(
        clients[i % clients.length]!.publishAsync(
          topics.status(deviceId(cfg.prefix, i)),
          birthMessage(facts, `bench-${i}`, 3600),
          {
            qos: 1,
          },
        ),
      );
    }
    await Promise.all(batch);
  }
  return cfg.devices;
}

/** Telemetry from the most recently healthy devices of each kind, every `everyMs`, stamped now. */
function telemetry(arg: { everyMs: number | null }): void {
  if (telemetryTimer) clearInterval(telemetryTimer);
  telemetryTimer = null;
  if (arg.everyMs === null) return;
  telemetryTimer = setInterval(() => {
    const client = clients[0];
    if (!client) return;
    for (const [kind, ids] of recentHealthy.entries()) {
      for (const id of ids) {
        const message = buildTelemetry[kind]!(telemetrySeq++, `bench-${indexOf(id)}`, Date.now());
        client.publish(topics.telemetry(id), message, { qos: 0 });
        stats.telemetrySent++;
      }
    }
  }, arg.everyMs);
}

serve({
  connect,
  births,
  setMode: (m: ResponderMode) => {
    mode = m;
  },
  telemetry,
  reset: () => {
    firstSeen.clear();
    Object.assign(stats, emptyStats());
  },
  stats: () => stats,
  /** Device id → when its first document (since the last reset) arrived, ms since the epoch. */
  receipts: () => Object.fromEntries(firstSeen),
  stop: async () => {
    telemetry({ everyMs: null });
    await Promise.all(clients.map((c) => c.endAsync().catch(() => undefined)));
  },
});
