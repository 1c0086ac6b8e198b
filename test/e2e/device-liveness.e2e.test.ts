import mqtt from 'mqtt';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '@jetfleet/protocol';
import { spawnNode, stopProcess, type Spawned } from '../support/processes.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TEST_MQTT_URL, uniqueName } from '../support/test-env.js';
import { waitUntil } from '../support/wait-until.js';
import { spawnControlPlane } from '../support/control-plane-process.js';
import { graphqlClient } from '../support/graphql-client.js';

const HEARTBEAT_SEC = 1;
const PREFIX = uniqueName('e2e').replace(/_/g, '-');
const deviceIds = ['a', 'b', 'c', 'd'].map((n) => `${PREFIX}-${n}`);

interface DeviceView {
  id: string;
  online: boolean;
  offlineReason: string | null;
  module: string;
}

describe('control plane + real agent processes', () => {
  let db: TestDatabase;
  let cp: Spawned;
  let base: string;
  const agents = new Map<string, Spawned>();

  const devices = async (): Promise<Map<string, DeviceView>> => {
    const body = await graphqlClient(base)(
      '{ devices(first: 500) { edges { node { id online offlineReason module } } } }',
    );
    const edges = (body.data?.devices.edges ?? []) as { node: DeviceView }[];
    return new Map(edges.map((e) => [e.node.id, e.node]));
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ proc: cp, base } = await spawnControlPlane(db, { LIVENESS_SWEEP_MS: '200', LAST_SEEN_FLUSH_MS: '100' }));
    const modules = ['orin-nx-16gb', 'agx-orin-64gb', 'xavier-nx-8gb', 'nano-4gb'];
    deviceIds.forEach((id, i) => {
      agents.set(
        id,
        spawnNode('device-agent/bin/jetfleet-agent.js', ['run'], {
          JETFLEET_DEVICE_ID: id,
          MQTT_URL: TEST_MQTT_URL,
          HEARTBEAT_SEC: String(HEARTBEAT_SEC),
          SIM_MODULE: modules[i] ?? 'orin-nx-16gb',
        }),
      );
    });
  });

  afterAll(async () => {
    await Promise.all([...agents.values()].map((a) => stopProcess(a)));
    await stopProcess(cp);
    await db?.drop();
  });

  it('shows every agent online through /graphql with its module', async () => {
    const seen = await waitUntil(async () => {
      const all = await devices();
      return deviceIds.every((id) => all.get(id)?.online) ? all : null;
    }, 20_000);
    expect(seen.get(deviceIds[1]!)?.module).toBe('agx-orin-64gb');
    expect(seen.get(deviceIds[3]!)?.module).toBe('nano-4gb');
  });

  it('shows a SIGKILLed agent offline within 2 heartbeat intervals', async () => {
    const id = deviceIds[0]!;
    const killedAt = Date.now();
    agents.get(id)!.child.kill('SIGKILL');
    await waitUntil(async () => (await devices()).get(id)?.online === false, 2 * HEARTBEAT_SEC * 1000, 50);
    const elapsed = Date.now() - killedAt;
    console.info(`SIGKILL → offline (Last Will) observed after ${elapsed} ms`);
    expect(elapsed).toBeLessThan(2 * HEARTBEAT_SEC * 1000);
    expect((await devices()).get(id)?.offlineReason).toBe('lwt');
  });

  it('detects a frozen agent (no Last Will yet) by missed heartbeats within 2 intervals, and its return', async () => {
    const id = deviceIds[1]!;
    const agent = agents.get(id)!;
    const stoppedAt = Date.now();
    agent.child.kill('SIGSTOP');
    try {
      await waitUntil(async () => (await devices()).get(id)?.online === false, 2 * HEARTBEAT_SEC * 1000, 50);
      const silentFor = Date.now() - stoppedAt;
      console.info(`SIGSTOP → offline (heartbeat timeout) observed after ${silentFor} ms`);
      expect(silentFor).toBeLessThan(2 * HEARTBEAT_SEC * 1000);
      // The broker still holds the TCP session, so this can only be the heartbeat timeout.
      expect((await devices()).get(id)?.offlineReason).toBe('heartbeat_timeout');
    } finally {
      agent.child.kill('SIGCONT');
    }
    await waitUntil(async () => (await devices()).get(id)?.online === true, 10_000);
  });

  it('marks an agent that shuts down cleanly offline with reason shutdown', async () => {
    const id = deviceIds[2]!;
    await stopProcess(agents.get(id));
    await waitUntil(async () => (await devices()).get(id)?.online === false, 5000, 50);
    expect((await devices()).get(id)?.offlineReason).toBe('shutdown');
  });

  it('counts and ignores malformed MQTT payloads while staying up', async () => {
    const client = await mqtt.connectAsync(TEST_MQTT_URL, { protocolVersion: 5 });
    const bogus = `${PREFIX}-bogus`;
    const payloads: [string, string | Buffer][] = [
      [topics.telemetry(bogus), 'not json at all'],
      [topics.telemetry(bogus), JSON.stringify({ seq: -4, samples: 'x' })],
      [topics.status(bogus), JSON.stringify({ state: 'online', hardware: { module: 42 } })],
      [topics.reported(bogus), Buffer.from([0xff, 0xfe, 0x00, 0x01])],
      [topics.telemetry(bogus), Buffer.alloc(300 * 1024, 0x7b)],
      ['jetfleet/v1/devices/bad id/status', '{}'],
    ];
    for (const [t, p] of payloads) await client.publishAsync(t, p, { qos: 1 });
    await client.endAsync();
    const stats = await waitUntil(async () => {
      const body = await graphqlClient(base)('{ ingestStats { rejected { key count } } }');
      const rows = (body.data?.ingestStats.rejected ?? []) as { key: string; count: number }[];
      const total = rows.reduce((n, r) => n + r.count, 0);
      return total >= payloads.length ? new Map(rows.map((r) => [r.key, r.count])) : null;
    }, 5000);
    expect(stats.get('invalid_json')).toBe(2);
    expect(stats.get('invalid_schema')).toBe(2);
    expect(stats.get('too_large')).toBe(1);
    expect(stats.get('invalid_device_id')).toBe(1);
    expect((await devices()).has(bogus)).toBe(false);
    expect(cp.child.exitCode).toBeNull();
    expect((await request(base).get('/health/ready')).status).toBe(200);
    expect((await devices()).get(deviceIds[3]!)?.online).toBe(true);
  });
});
