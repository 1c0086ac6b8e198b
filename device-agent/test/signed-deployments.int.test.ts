import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateSigningKeyPair,
  reportedStateSchema,
  signEnvelope,
  topics,
  type DesiredState,
  type JobCommand,
  type ReportedState,
} from '@jetfleet/protocol';
import { DeviceAgent } from '../src/device-agent.js';
import { SimulatedAdapter } from '../src/hardware/simulated/simulated.adapter.js';
import { profileForIndex } from '../src/hardware/simulated/simulated-device.profile.js';
import { TEST_MQTT_URL, uniqueName } from '../../test/support/test-env.js';
import { waitUntil } from '../../test/support/wait-until.js';

/**
 * An agent that pinned the control plane's key at enrollment takes only documents signed with it,
 * for itself, and unexpired: everything else is refused, counted and reported, and changes nothing.
 */
describe('signed deployments on a real agent (real broker)', () => {
  const deviceId = uniqueName('sig').replace(/_/g, '-');
  const trusted = generateSigningKeyPair();
  const forger = generateSigningKeyPair();
  let dir = '';
  let ctl: MqttClient;
  let agent: DeviceAgent;
  const reports: ReportedState[] = [];
  const rejected: string[] = [];
  let rev = 0;

  const doc = (): DesiredState => ({ rev: ++rev, issuedAt: new Date().toISOString(), model: null });
  const hour = (): Date => new Date(Date.now() + 3600_000);
  const publish = (payload: string) => ctl.publishAsync(topics.desired(deviceId), payload, { qos: 1, retain: true });
  /** Publishes, then waits for the agent's refusal with this code; the applied rev must not move. */
  const expectRefused = async (payload: string, code: string, reportedCode: string | null) => {
    const applied = agent.lastReported?.appliedRev ?? 0;
    const before = rejected.length;
    const reportsBefore = reports.length;
    await publish(payload);
    await waitUntil(() => rejected.length > before, 5000);
    expect(rejected.at(-1)).toContain(`desired: ${code}`);
    if (reportedCode) {
      await waitUntil(() => reports.slice(reportsBefore).some((r) => r.error?.code === reportedCode), 5000);
    }
    expect(agent.lastReported?.appliedRev ?? 0).toBe(applied);
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jf-signed-'));
    ctl = await mqtt.connectAsync(TEST_MQTT_URL, { protocolVersion: 5, clientId: `${deviceId}-ctl` });
    await ctl.subscribeAsync(topics.reported(deviceId), { qos: 1 });
    ctl.on('message', (_t, payload) => {
      const r = reportedStateSchema.safeParse(JSON.parse(payload.toString()));
      if (r.success) reports.push(r.data);
    });
    agent = new DeviceAgent(
      {
        deviceId,
        mqttUrl: TEST_MQTT_URL,
        heartbeatSec: 5,
        workDir: dir,
        signingPublicKeyPem: trusted.publicKeyPem,
        // Every refusal reported here; the default (one per 5 s) is covered by the hostile-input test.
        refusalReportIntervalMs: 0,
      },
      new SimulatedAdapter({ ...profileForIndex(2), timeFactor: 0.001 }),
    );
    agent.on('rejected', (reason: string) => rejected.push(reason));
    agent.start();
    await waitUntil(() => agent.connected && reports.length > 0, 10_000);
  });

  afterAll(async () => {
    await ctl?.publishAsync(topics.desired(deviceId), '', { qos: 1, retain: true });
    await agent?.stop();
    await ctl?.endAsync();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies a document signed with the pinned key', async () => {
    const d = doc();
    await publish(signEnvelope(trusted.privateKeyPem, trusted.kid, deviceId, d, hour()));
    await waitUntil(() => reports.some((r) => r.appliedRev === d.rev), 5000);
    expect(agent.verifierStats().accepted).toBeGreaterThanOrEqual(1);
  });

  it('refuses unsigned, mis-signed, tampered, expired and misaddressed documents, and reports why', async () => {
    await expectRefused(JSON.stringify(doc()), 'unsigned', 'signature_invalid');
    await expectRefused(
      signEnvelope(forger.privateKeyPem, forger.kid, deviceId, doc(), hour()),
      'unknown_key',
      'signature_invalid',
    );
    // A forger who knows the trusted key id still cannot produce its signature.
    await expectRefused(
      signEnvelope(forger.privateKeyPem, trusted.kid, deviceId, doc(), hour()),
      'bad_signature',
      'signature_invalid',
    );
    const genuine = JSON.parse(signEnvelope(trusted.privateKeyPem, trusted.kid, deviceId, doc(), hour())) as {
      payload: string;
    };
    const tampered = { ...genuine, payload: genuine.payload.replace('"model":null', '"model":null,"powerMode":null') };
    await expectRefused(JSON.stringify(tampered), 'bad_signature', 'signature_invalid');
    await expectRefused(
      signEnvelope(trusted.privateKeyPem, trusted.kid, deviceId, doc(), new Date(Date.now() - 1000)),
      'expired',
      'expired',
    );
    await expectRefused(
      signEnvelope(trusted.privateKeyPem, trusted.kid, `${deviceId}-other`, doc(), hour()),
      'wrong_device',
      'signature_invalid',
    );
    const stats = agent.verifierStats();
    expect(stats.secure).toBe(true);
    expect(stats.refused).toMatchObject({ unsigned: 1, unknown_key: 1, bad_signature: 2, expired: 1, wrong_device: 1 });
  });

  it('refuses an unsigned job command and runs nothing', async () => {
    const job: JobCommand = {
      jobId: 'j-unsigned',
      kind: 'cancel',
      issuedAt: new Date().toISOString(),
      deadlineSec: 60,
      params: { jobId: 'x' },
    };
    const progress: string[] = [];
    await ctl.subscribeAsync(topics.jobProgress(deviceId, job.jobId), { qos: 1 });
    ctl.on('message', (topic) => {
      if (topic === topics.jobProgress(deviceId, job.jobId)) progress.push(topic);
    });
    const before = rejected.length;
    await ctl.publishAsync(topics.job(deviceId, job.jobId), JSON.stringify(job), { qos: 1 });
    await waitUntil(() => rejected.length > before, 5000);
    expect(rejected.at(-1)).toContain('job: unsigned');
    await new Promise((r) => setTimeout(r, 300));
    expect(progress).toHaveLength(0);
  });
});
