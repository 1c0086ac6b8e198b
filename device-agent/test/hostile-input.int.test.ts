import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENVELOPE_REFUSAL_CODES,
  generateSigningKeyPair,
  reportedStateSchema,
  signEnvelope,
  telemetryMessageSchema,
  topics,
  type ReportedState,
} from '@jetfleet/protocol';
import { DeviceAgent } from '../src/device-agent.js';
import { SimulatedAdapter } from '../src/hardware/simulated/simulated.adapter.js';
import { profileForIndex } from '../src/hardware/simulated/simulated-device.profile.js';
import { DeploymentVerifier } from '../src/security/deployment-verifier.js';
import { expectedRefusals, hostileDeployments } from '../../test/support/hostile-deployments.js';
import { TestBroker } from '../../test/support/test-broker.js';
import { uniqueName } from '../../test/support/test-env.js';
import { waitUntil } from '../../test/support/wait-until.js';

const SEED = 0x5eed_a6e7;
const HOSTILE_COUNT = 5000;

/**
 * Hostile desired-state documents and job commands against a running agent (simulated Orin NX 16GB,
 * a signing key pinned) on a private Mosquitto with the project's configuration.
 */
describe('device agent under hostile deployment input (real broker, simulated Jetson)', () => {
  const deviceId = uniqueName('fuzzagent').replace(/_/g, '-');
  const trusted = generateSigningKeyPair();
  const forger = generateSigningKeyPair();
  const corpus = hostileDeployments({ seed: SEED, count: HOSTILE_COUNT, deviceId, trusted, forger, now: new Date() });
  let broker: TestBroker;
  let ctl: MqttClient;
  let agent: DeviceAgent;
  let workDir = '';
  const rejected: string[] = [];
  const events = { connected: 0, disconnected: 0, desired: 0 };
  const telemetryAt: number[] = [];
  const reported: ReportedState[] = [];

  beforeAll(async () => {
    broker = await TestBroker.start();
    workDir = await mkdtemp(path.join(tmpdir(), 'jf-fuzz-agent-'));
    ctl = await mqtt.connectAsync(broker.url, { protocolVersion: 5 });
    ctl.on('message', (topic, payload) => {
      if (topic === topics.telemetry(deviceId)) {
        telemetryMessageSchema.parse(JSON.parse(payload.toString()));
        telemetryAt.push(Date.now());
      }
      if (topic === topics.reported(deviceId)) reported.push(reportedStateSchema.parse(JSON.parse(payload.toString())));
    });
    await ctl.subscribeAsync([topics.telemetry(deviceId), topics.reported(deviceId)], { qos: 1 });
    agent = new DeviceAgent(
      { deviceId, mqttUrl: broker.url, heartbeatSec: 0.2, workDir, signingPublicKeyPem: trusted.publicKeyPem },
      new SimulatedAdapter({ ...profileForIndex(1), timeFactor: 0.001 }),
    );
    agent.on('rejected', (reason: string) => rejected.push(reason));
    agent.on('connected', () => events.connected++);
    agent.on('disconnected', () => events.disconnected++);
    agent.on('desired', () => events.desired++);
    agent.start();
    await waitUntil(() => agent.connected && telemetryAt.length >= 2, 10_000);
  });

  afterAll(async () => {
    await agent?.stop();
    await ctl?.endAsync();
    await broker?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('builds a deterministic corpus whose every message the verifier refuses with the declared code', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(5000);
    const verifier = new DeploymentVerifier({ deviceId, signingPublicKeyPem: trusted.publicKeyPem });
    const mismatches = corpus
      .map((m) => {
        const opened = verifier.open(m.topic.endsWith('/desired') ? 'desired' : 'job', m.payload);
        const got = opened.ok ? 'accepted' : opened.code;
        return got === m.code ? null : `${m.category}: ${got}, declared ${m.code}`;
      })
      .filter((x) => x !== null);
    expect(mismatches).toEqual([]);
    const expected = expectedRefusals(corpus);
    for (const code of ENVELOPE_REFUSAL_CODES) expect(expected[code], code).toBeGreaterThan(0);
  });

  it('refuses and counts every hostile message, stays connected, keeps beating, and still applies a genuine one', async () => {
    const statsBefore = agent.verifierStats();
    const started = Date.now();
    for (let i = 0; i < corpus.length; i += 100) {
      await Promise.all(corpus.slice(i, i + 100).map((m) => ctl.publishAsync(m.topic, m.payload, { qos: 1 })));
    }
    await waitUntil(() => rejected.length >= corpus.length, 30_000);
    const elapsedMs = Date.now() - started;
    const beatsDuring = telemetryAt.filter((t) => t >= started).length;

    const stats = agent.verifierStats();
    const delta = Object.fromEntries(ENVELOPE_REFUSAL_CODES.map((c) => [c, stats.refused[c] - statsBefore.refused[c]]));
    console.log(
      `hostile deployments: ${corpus.length} refused in ${elapsedMs} ms by code ${JSON.stringify(delta)}; ` +
        `${beatsDuring} heartbeats meanwhile; ${reported.filter((r) => r.error).length} refusals reported`,
    );
    expect(rejected).toHaveLength(corpus.length);
    expect(delta).toEqual({
      ...Object.fromEntries(ENVELOPE_REFUSAL_CODES.map((c) => [c, 0])),
      ...expectedRefusals(corpus),
    });
    expect(stats.accepted).toBe(statsBefore.accepted);
    expect(events).toEqual({ connected: 1, disconnected: 0, desired: 0 });
    expect(agent.connected).toBe(true);
    expect(beatsDuring).toBeGreaterThanOrEqual(1);
    // Refusals a forger or a stale document could cause are reported, with a refusal code, but at most
    // once per interval: the flood does not turn into a flood of reports.
    const refusalReports = reported.filter((r) => r.error);
    expect(refusalReports.length).toBeGreaterThanOrEqual(1);
    expect(refusalReports.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / 5000) + 1);
    for (const r of refusalReports) expect(['signature_invalid', 'expired']).toContain(r.error?.code);
    expect(reported.every((r) => r.appliedRev === 0)).toBe(true);

    // Still beating after the flood, and a genuine document is still applied.
    const after = telemetryAt.length;
    await waitUntil(() => telemetryAt.length >= after + 2, 5000);
    const doc = { rev: 1, issuedAt: new Date().toISOString(), powerMode: { name: '10W', id: 1, allowReboot: false } };
    await ctl.publishAsync(
      topics.desired(deviceId),
      signEnvelope(trusted.privateKeyPem, trusted.kid, deviceId, doc, new Date(Date.now() + 60_000)),
      { qos: 1 },
    );
    const applied = await waitUntil(() => reported.find((r) => r.appliedRev === 1 && r.phase !== 'failed'), 10_000);
    expect(applied).toMatchObject({ powerMode: '10W', powerModeId: 1 });
    expect(events.desired).toBe(1);
  }, 60_000);
});
