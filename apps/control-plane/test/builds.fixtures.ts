import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import {
  topics,
  type BuildEngineParams,
  type FetchEngineParams,
  type HardwareFacts,
  type JobCommand,
  type JobProgress,
  type OfflineStatus,
  type OnlineStatus,
} from '@jetfleet/protocol';
import { ArtifactKind } from '../src/artifacts/artifact-kind.constant.js';
import { ArtifactService } from '../src/artifacts/artifact.service.js';
import { buildOnnxModel } from '../src/artifacts/onnx/onnx-builder.util.js';
import { ModelService } from '../src/models/model.service.js';
import { TEST_MQTT_URL } from '../../../test/support/test-env.js';

/** Hardware facts per simulated module kind; TensorRT decides the class together with the SM arch. */
export const HARDWARE = {
  orinNx: { module: 'orin-nx-16gb', smArch: '8.7', tensorrt: '10.3.0', dlaCores: 2, ramTotalMB: 15_657 },
  orinNano: { module: 'orin-nano-8gb', smArch: '8.7', tensorrt: '10.3.0', dlaCores: 0, ramTotalMB: 7620 },
  xavierNx: { module: 'xavier-nx-8gb', smArch: '7.2', tensorrt: '8.5.2', dlaCores: 2, ramTotalMB: 7620 },
  agxOrinJp6: { module: 'agx-orin-64gb', smArch: '8.7', tensorrt: '8.6.2', dlaCores: 2, ramTotalMB: 62_841 },
  unreported: { module: 'orin-nx-16gb', smArch: null, tensorrt: null, dlaCores: 2, ramTotalMB: 15_657 },
} as const;

export type HardwareKind = keyof typeof HARDWARE;

/** What a simulated device does with a job of each kind. */
export interface SimBehaviour {
  /** complete: upload and succeed; hang: report running and go silent; fail: report failure. */
  build: 'complete' | 'hang' | 'fail';
  /** corrupt: the download's digest does not match, reported as the real agent words it. */
  fetch: 'complete' | 'fail' | 'corrupt';
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const local = (url: string): string => url.replace('//localhost:', '//127.0.0.1:');

/**
 * A device played by the test over raw MQTT: a retained birth with its hardware facts and a Last
 * Will, its job topics subscribed, and answers to build, fetch and cancel jobs as a real agent
 * would send them (engines really are uploaded and downloaded over the artifact HTTP routes).
 */
export class SimDevice {
  readonly jobs: JobCommand[] = [];
  behaviour: SimBehaviour = { build: 'complete', fetch: 'complete' };
  private client: MqttClient | null = null;
  private sessionId = randomUUID();

  constructor(
    readonly id: string,
    readonly kind: HardwareKind,
    private readonly diskFreeMB = 30_000,
  ) {}

  jobsOf(kind: JobCommand['kind']): JobCommand[] {
    return this.jobs.filter((j) => j.kind === kind);
  }

  /** Connects with a new session (as an agent does after a restart or a lost connection). */
  async connect(): Promise<void> {
    this.sessionId = randomUUID();
    const will: OfflineStatus = { state: 'offline', reason: 'lwt', sessionId: this.sessionId };
    const client = await mqtt.connectAsync(TEST_MQTT_URL, {
      protocolVersion: 5,
      clientId: `sim-${this.id}`,
      clean: true,
      reconnectPeriod: 0,
      will: { topic: topics.status(this.id), payload: Buffer.from(JSON.stringify(will)), qos: 1, retain: true },
    });
    this.client = client;
    client.on('message', (_topic, payload) => {
      const job = openJob(payload);
      this.jobs.push(job);
      void this.answer(job).catch(() => undefined);
    });
    await client.subscribeAsync(topics.deviceInbox(this.id), { qos: 1 });
    await client.publishAsync(topics.status(this.id), JSON.stringify(this.birth()), { qos: 1, retain: true });
  }

  /** The connection drops without a DISCONNECT: the broker publishes the Last Will. */
  kill(): void {
    this.client?.stream.destroy();
    this.client = null;
  }

  /** Leaves cleanly and clears the retained status so later runs on this broker never see it. */
  async close(): Promise<void> {
    const client = this.client ?? (await mqtt.connectAsync(TEST_MQTT_URL, { protocolVersion: 5 }));
    await client.publishAsync(topics.status(this.id), '', { qos: 1, retain: true }).catch(() => undefined);
    await client.endAsync().catch(() => undefined);
    this.client = null;
  }

  /** Finishes a build job this device left hanging, as if it had just completed. */
  async completeBuild(jobId: string): Promise<void> {
    const job = this.jobs.find((j) => j.jobId === jobId && j.kind === 'build-engine');
    if (!job) throw new Error(`${this.id} has no build job ${jobId}`);
    const behaviour = this.behaviour;
    this.behaviour = { ...behaviour, build: 'complete' };
    try {
      await this.build(jobId, job.params as BuildEngineParams);
    } finally {
      this.behaviour = behaviour;
    }
  }

  async progress(jobId: string, state: JobProgress['state'], extra: Partial<JobProgress> = {}): Promise<void> {
    const msg: JobProgress = { jobId, state, ts: new Date().toISOString(), ...extra };
    await this.client?.publishAsync(topics.jobProgress(this.id, jobId), JSON.stringify(msg), { qos: 1 });
  }

  /** The bytes this device's class builds: equal within a class, so every builder makes the same engine. */
  static engineBytes(compatKey: string): Buffer {
    return Buffer.from(`TensorRT engine for ${compatKey}\n`.repeat(64));
  }

  private birth(): OnlineStatus {
    const hw = HARDWARE[this.kind];
    const hardware: HardwareFacts = {
      ...hw,
      l4t: '36.4.3',
      jetpack: '6.2',
      cuda: '12.6',
      cpuCores: 6,
      diskTotalMB: 59_000,
      diskFreeMB: this.diskFreeMB,
      powerMode: 'MAXN',
      simulated: true,
    };
    return {
      state: 'online',
      protocolVersion: 1,
      agentVersion: '0.1.0',
      sessionId: this.sessionId,
      heartbeatSec: 3600,
      hardware,
      ts: new Date().toISOString(),
    };
  }

  private async answer(job: JobCommand): Promise<void> {
    switch (job.kind) {
      case 'build-engine':
        return this.build(job.jobId, job.params as BuildEngineParams);
      case 'fetch-engine':
        return this.fetchEngine(job.jobId, job.params as FetchEngineParams);
      case 'cancel': {
        const target = (job.params as { jobId: string }).jobId;
        await this.progress(target, 'cancelled', { message: 'cancelled by the control plane' });
        return;
      }
      case 'evaluate-accuracy':
      case 'benchmark':
        return;
    }
  }

  private async build(jobId: string, params: BuildEngineParams): Promise<void> {
    await this.progress(jobId, 'accepted');
    await this.progress(jobId, 'running', { progressPct: 10, message: 'parsing ONNX' });
    if (this.behaviour.build === 'hang') return;
    if (this.behaviour.build === 'fail') {
      await this.progress(jobId, 'failed', {
        message: 'trtexec exited with code 1',
        result: { logTail: '[E] Error[2]: [builder.cpp::buildSerializedNetwork] out of memory' },
      });
      return;
    }
    const onnx = await fetch(local(params.onnx.url));
    if (!onnx.ok || sha256(Buffer.from(await onnx.arrayBuffer())) !== params.onnx.sha256) {
      await this.progress(jobId, 'failed', { message: `ONNX download failed (${onnx.status})` });
      return;
    }
    const engine = SimDevice.engineBytes(`${HARDWARE[this.kind].smArch}|${HARDWARE[this.kind].tensorrt}`);
    if (params.engineUploadUrl) {
      const put = await fetch(local(params.engineUploadUrl), {
        method: 'PUT',
        headers: { 'Content-Type': 'application/octet-stream', 'X-Content-SHA256': sha256(engine) },
        body: engine,
      });
      if (!put.ok) {
        await this.progress(jobId, 'failed', { message: `engine upload failed: ${put.status} ${await put.text()}` });
        return;
      }
    }
    await this.progress(jobId, 'running', { progressPct: 90, message: 'building' });
    await this.progress(jobId, 'succeeded', {
      progressPct: 100,
      result: {
        engineSha256: sha256(engine),
        engineSizeBytes: engine.length,
        trtVersion: HARDWARE[this.kind].tensorrt,
        throughputQps: 412.7,
        latencyMs: { min: 2.31, mean: 2.42, median: 2.4, 'percentile(99)': 2.9 },
        gpuComputeMs: { mean: 2.2 },
        logTail: '&&&& PASSED TensorRT.trtexec',
        durationMs: 91_500,
      },
    });
  }

  private async fetchEngine(jobId: string, params: FetchEngineParams): Promise<void> {
    await this.progress(jobId, 'running', { progressPct: 0 });
    const res = await fetch(local(params.engine.url));
    const body = Buffer.from(await res.arrayBuffer());
    if (this.behaviour.fetch === 'corrupt') {
      const got = sha256(Buffer.concat([body, Buffer.from('x')]));
      await this.progress(jobId, 'failed', {
        message: `sha256 mismatch: expected ${params.engine.sha256}, got ${got}`,
      });
      return;
    }
    if (this.behaviour.fetch === 'fail' || !res.ok || sha256(body) !== params.engine.sha256) {
      await this.progress(jobId, 'failed', { message: `download failed: ${res.status}` });
      return;
    }
    await this.progress(jobId, 'succeeded', { progressPct: 100 });
  }
}

/** Registers a model version from a generated ONNX (and a calibration set when asked). */
export async function registerModel(
  app: INestApplication,
  name: string,
  options: { dynamic?: boolean; calibration?: boolean; version?: string; simHints?: Record<string, number> } = {},
): Promise<string> {
  const artifacts = app.get(ArtifactService);
  const onnx = buildOnnxModel({
    irVersion: 8,
    opset: 17,
    inputs: [{ name: 'images', dims: options.dynamic ? ['batch', 3, 'height', 'width'] : [1, 3, 640, 640] }],
    outputs: [{ name: 'output0', dims: [1, 84, 8400] }],
    weights: [{ name: `${name}.${options.version ?? '1.0.0'}.w`, bytes: 4096 }],
  });
  const { artifact } = await artifacts.putStream(Readable.from([onnx]), { kind: ArtifactKind.Onnx });
  let calibrationSha256: string | null = null;
  if (options.calibration) {
    const calib = Buffer.from(`calibration images for ${name}`);
    calibrationSha256 = (await artifacts.putStream(Readable.from([calib]), { kind: ArtifactKind.Calibration })).artifact
      .sha256;
  }
  const version = await app.get(ModelService).registerVersion({
    modelName: name,
    version: options.version ?? '1.0.0',
    onnxSha256: artifact.sha256,
    calibrationSha256,
    ...(options.simHints ? { simHints: options.simHints } : {}),
  });
  return version.id;
}

/** A job command as the control plane sends it: a signed envelope whose payload is the command. */
export function openJob(payload: Buffer): JobCommand {
  const raw = JSON.parse(payload.toString()) as { payload?: unknown };
  return (typeof raw.payload === 'string' ? JSON.parse(raw.payload) : raw) as JobCommand;
}

/** An engine_builds row as pg returns it (snake_case). */
export interface BuildDbRow {
  id: string;
  state: string;
  compat_key: string;
  builder_device_id: string | null;
  attempt: number;
  tried_devices: string[];
  progress_pct: number | null;
  error: string | null;
  engine_sha256: string | null;
  perf: Record<string, unknown> | null;
  log_tail: string | null;
  duration_ms: number | null;
  queued_at: Date;
  dispatched_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface DeviceEngineDbRow {
  device_id: string;
  compat_key: string;
  state: string;
  engine_sha256: string | null;
  error: string | null;
}

/** Direct reads of the builds tables, for assertions. */
export class BuildsDb {
  private constructor(private readonly client: pg.Client) {}

  static async connect(url: string): Promise<BuildsDb> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new BuildsDb(client);
  }

  end(): Promise<void> {
    return this.client.end();
  }

  async builds(modelVersionId: string): Promise<BuildDbRow[]> {
    return (
      await this.client.query<BuildDbRow>('SELECT * FROM engine_builds WHERE model_version_id = $1', [modelVersionId])
    ).rows;
  }

  async deviceEngines(modelVersionId: string): Promise<DeviceEngineDbRow[]> {
    return (
      await this.client.query<DeviceEngineDbRow>(
        'SELECT * FROM device_engines WHERE model_version_id = $1 ORDER BY device_id',
        [modelVersionId],
      )
    ).rows;
  }

  async onlineCount(ids: string[]): Promise<number> {
    const r = await this.client.query<{ n: string }>(
      'SELECT count(*) AS n FROM devices WHERE online AND id = ANY($1)',
      [ids],
    );
    return Number(r.rows[0]?.n ?? 0);
  }

  async isOnline(id: string): Promise<boolean> {
    const r = await this.client.query<{ online: boolean }>('SELECT online FROM devices WHERE id = $1', [id]);
    return r.rows[0]?.online === true;
  }

  async count(table: 'engine_builds' | 'device_engines'): Promise<number> {
    return Number((await this.client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n ?? 0);
  }
}
