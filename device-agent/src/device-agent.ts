import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import {
  PROTOCOL_VERSION,
  parseTopic,
  topics,
  type DesiredState,
  type EnvelopeRefusalCode,
  type JobProgress,
  type OfflineStatus,
  type OnlineStatus,
  type ReportedState,
  type TelemetryMessage,
} from '@jetfleet/protocol';
import { AGENT_VERSION } from './agent-version.constant.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import type { HardwareAdapter } from './hardware/hardware-adapter.js';
import { JobRunner } from './jobs/job-runner.js';
import type { EngineRecord } from './reconcile/agent-state.types.js';
import { Reconciler } from './reconcile/reconciler.js';
import { DeploymentVerifier } from './security/deployment-verifier.js';

export interface AgentOptions {
  deviceId: string;
  mqttUrl: string;
  username?: string;
  password?: string;
  heartbeatSec: number;
  /**
   * Where models, engines and the applied state (`agent-state.json`) are kept (default: a per-device directory
   * under the OS temp dir). It must survive restarts for a restarted agent to remember what it applied.
   */
  workDir?: string;
  backoff?: BackoffOptions;
  /**
   * The control plane's ed25519 public key(s), pinned at enrollment: desired state and jobs must be
   * signed with one of them. Without a key the agent runs in an insecure development mode.
   */
  signingPublicKeyPem?: string | readonly string[];
  /** Refused deployments are reported at most once per this interval (default 5000 ms). */
  refusalReportIntervalMs?: number;
  log?: (level: 'info' | 'warn' | 'error', msg: string) => void;
}

const REFUSAL_REPORT_INTERVAL_MS = 5000;
/** Refusals a forger or a stale document causes; malformed input is only counted. */
const REPORTED_REFUSALS: readonly EnvelopeRefusalCode[] = [
  'expired',
  'bad_signature',
  'unknown_key',
  'unsigned',
  'wrong_device',
];
const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, jitter: 0.5 };

/**
 * One device's connection to the control plane. Each connection gets a fresh session id that is
 * baked into its Last Will, so a will delivered late for an old connection cannot mark the
 * device offline after it reconnected. Reconnects are driven here (not by mqtt.js's fixed
 * period) to get capped exponential backoff and a new will per attempt.
 *
 * The desired state is handed to the `Reconciler`, which converges the device and publishes `reported`.
 *
 * Events: `connected` (sessionId), `disconnected`, `desired` (DesiredState), `rejected` (reason),
 * `reported` (ReportedState, each one sent).
 */
export class DeviceAgent extends EventEmitter {
  private client: MqttClient | null = null;
  private sessionId = '';
  private seq = 0;
  private attempt = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly abort = new AbortController();
  private readonly log: NonNullable<AgentOptions['log']>;
  private readonly jobs: JobRunner;
  private readonly reconciler: Reconciler;
  private readonly verifier: DeploymentVerifier;
  private lastRefusalReport = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly opts: AgentOptions,
    private readonly hardware: HardwareAdapter,
  ) {
    super();
    this.log = opts.log ?? (() => undefined);
    const workDir = opts.workDir ?? path.join(os.tmpdir(), 'jetfleet-agent', opts.deviceId);
    this.verifier = new DeploymentVerifier({
      deviceId: opts.deviceId,
      ...(opts.signingPublicKeyPem === undefined ? {} : { signingPublicKeyPem: opts.signingPublicKeyPem }),
      log: this.log,
    });
    this.reconciler = new Reconciler({
      adapter: hardware,
      workDir,
      publish: (r) => this.publishReported(r),
      log: this.log,
    });
    this.jobs = new JobRunner({
      adapter: hardware,
      workDir,
      engines: this.reconciler.engines,
      publish: (p) => this.publishJobProgress(p),
      log: this.log,
    });
  }

  /** The engine being served, as the agent recorded it (null: none). */
  get activeModel(): EngineRecord | null {
    return this.reconciler.snapshot.active;
  }

  /** The engine kept for an instant rollback. */
  get previousModel(): EngineRecord | null {
    return this.reconciler.snapshot.previous;
  }

  get lastReported(): ReportedState | null {
    return this.reconciler.lastReported;
  }

  /** Resolves once no desired state is being applied or waiting. */
  reconcileIdle(): Promise<void> {
    return this.reconciler.idle();
  }

  /** Reports are not queued while offline: every (re)connect sends the current one. */
  private async publishReported(r: ReportedState): Promise<void> {
    const client = this.client;
    if (!client?.connected) return;
    // Retained, like a device shadow: a control plane that was down when this went out reads it on start.
    await client.publishAsync(topics.reported(this.opts.deviceId), JSON.stringify(r), { qos: 1, retain: true });
    this.emit('reported', r);
  }

  private async publishJobProgress(p: JobProgress): Promise<void> {
    const client = this.client;
    if (!client?.connected) throw new Error('not connected');
    await client.publishAsync(topics.jobProgress(this.opts.deviceId, p.jobId), JSON.stringify(p), { qos: 1 });
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  start(): void {
    // Restores the applied state (and re-activates its engine) while the connection is made.
    void this.reconciler.init();
    this.connect();
  }

  /** Says goodbye with a retained offline status, so the fleet view changes at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.jobs.abortAll();
    await this.reconciler.stop();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.stopHeartbeat();
    const client = this.client;
    if (client?.connected) {
      const bye: OfflineStatus = {
        state: 'offline',
        reason: 'shutdown',
        sessionId: this.sessionId,
        ts: new Date().toISOString(),
      };
      await client
        .publishAsync(topics.status(this.opts.deviceId), JSON.stringify(bye), { qos: 1, retain: true })
        .catch(() => undefined);
    }
    await client?.endAsync().catch(() => undefined);
    await this.hardware.close();
  }

  /**
   * Drops the connection without a DISCONNECT, as a network failure would: the broker publishes
   * the Last Will and the agent reconnects with backoff. Used by fault injection.
   */
  dropConnection(): void {
    this.client?.stream.destroy();
  }

  private connect(): void {
    const { deviceId } = this.opts;
    this.sessionId = randomUUID();
    const will: OfflineStatus = { state: 'offline', reason: 'lwt', sessionId: this.sessionId };
    const client = mqtt.connect(this.opts.mqttUrl, {
      protocolVersion: 5,
      clientId: `jetfleet-dev-${deviceId}`,
      clean: true,
      keepalive: Math.max(5, Math.ceil(this.opts.heartbeatSec * 2)),
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      ...(this.opts.username ? { username: this.opts.username } : {}),
      ...(this.opts.password ? { password: this.opts.password } : {}),
      will: { topic: topics.status(deviceId), payload: Buffer.from(JSON.stringify(will)), qos: 1, retain: true },
    });
    this.client = client;
    client.on('connect', () => void this.onConnect(client));
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
    client.on('error', (err) => this.log('warn', `mqtt error: ${err.message}`));
    client.on('close', () => this.onClose(client));
  }

  private async onConnect(client: MqttClient): Promise<void> {
    this.attempt = 0;
    try {
      const facts = await this.hardware.facts(this.abort.signal);
      const birth: OnlineStatus = {
        state: 'online',
        protocolVersion: PROTOCOL_VERSION,
        agentVersion: AGENT_VERSION,
        sessionId: this.sessionId,
        heartbeatSec: this.opts.heartbeatSec,
        hardware: facts,
        ts: new Date().toISOString(),
      };
      await client.subscribeAsync(topics.deviceInbox(this.opts.deviceId), { qos: 1 });
      await client.publishAsync(topics.status(this.opts.deviceId), JSON.stringify(birth), { qos: 1, retain: true });
      this.startHeartbeat(client);
      this.log('info', `connected (session ${this.sessionId})`);
      this.emit('connected', this.sessionId);
      await this.reconciler.publishCurrent();
    } catch (err) {
      if (!this.stopped) this.log('error', `birth failed: ${(err as Error).message}`);
      client.end(true);
    }
  }

  private onClose(client: MqttClient): void {
    if (client !== this.client) return;
    this.stopHeartbeat();
    this.emit('disconnected');
    if (this.stopped) return;
    client.removeAllListeners();
    client.end(true);
    const delay = backoffDelay(this.attempt++, this.opts.backoff ?? DEFAULT_BACKOFF);
    this.log('warn', `disconnected; reconnecting in ${delay} ms`);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private startHeartbeat(client: MqttClient): void {
    this.stopHeartbeat();
    const beat = async (): Promise<void> => {
      try {
        const sample = await this.hardware.sample(this.abort.signal);
        const msg: TelemetryMessage = { seq: this.seq++, sessionId: this.sessionId, samples: [sample] };
        if (client.connected)
          await client.publishAsync(topics.telemetry(this.opts.deviceId), JSON.stringify(msg), { qos: 0 });
      } catch (err) {
        if (!this.stopped) this.log('warn', `heartbeat failed: ${(err as Error).message}`);
      }
    };
    void beat();
    this.heartbeat = setInterval(() => void beat(), this.opts.heartbeatSec * 1000);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private onMessage(topic: string, payload: Buffer): void {
    const parsedTopic = parseTopic(topic);
    if (parsedTopic?.deviceId === this.opts.deviceId && parsedTopic.channel === 'jobs' && !parsedTopic.progress) {
      this.onJob(payload);
      return;
    }
    if (topic !== topics.desired(this.opts.deviceId)) return;
    const opened = this.verifier.open('desired', payload);
    if (!opened.ok) {
      this.refuse('desired', opened.code, opened.detail);
      return;
    }
    this.emit('desired', opened.value satisfies DesiredState);
    this.reconciler.submit(opened.value);
  }

  /** Refusal counts by code, and whether a key is pinned. */
  verifierStats(): ReturnType<DeploymentVerifier['stats']> {
    return this.verifier.stats();
  }

  /** Every refusal is emitted; one that a forger or a stale document could cause is also reported. */
  private refuse(kind: 'desired' | 'job', code: EnvelopeRefusalCode, detail: string): void {
    this.emit('rejected', `${kind}: ${code}: ${detail}`);
    this.log('warn', `${kind} refused (${code}): ${detail}`);
    const reportable = REPORTED_REFUSALS.includes(code);
    // At most one report per interval: a flood of forged documents must not become a flood of reports.
    const now = Date.now();
    const interval = this.opts.refusalReportIntervalMs ?? REFUSAL_REPORT_INTERVAL_MS;
    if (!reportable || now - this.lastRefusalReport < interval) return;
    this.lastRefusalReport = now;
    const reportCode = code === 'expired' ? 'expired' : 'signature_invalid';
    void this.reconciler.reportRefusal(reportCode, `${kind} refused: ${code}: ${detail}`);
  }

  /** Jobs are untrusted input like everything else: invalid ones are refused with a reason. */
  private onJob(payload: Buffer): void {
    const opened = this.verifier.open('job', payload);
    if (!opened.ok) {
      this.refuse('job', opened.code, opened.detail);
      return;
    }
    this.jobs.handle(opened.value);
  }
}
