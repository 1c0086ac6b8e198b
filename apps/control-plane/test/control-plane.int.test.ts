import type { AddressInfo } from 'node:net';
import { createClient } from 'graphql-ws';
import mqtt, { type MqttClient } from 'mqtt';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { topics, type OnlineStatus } from '@jetfleet/protocol';
import { graphqlClient, wsConnectionParams, type Gql } from '../../../test/support/graphql-client.js';
import { startInProcess, type InProcessControlPlane } from '../../../test/support/in-process-control-plane.js';
import { TEST_MQTT_URL, uniqueName } from '../../../test/support/test-env.js';
import { waitUntil } from '../../../test/support/wait-until.js';
import { makeBirth } from '../../../test/support/device-factory.js';

const PREFIX = uniqueName('it').replace(/_/g, '-');
const id = (n: string) => `${PREFIX}-${n}`;

const birth = (sessionId: string, heartbeatSec = 30): OnlineStatus =>
  makeBirth(
    sessionId,
    {
      module: 'orin-nano-8gb',
      l4t: '36.4.3',
      jetpack: '6.2',
      dlaCores: 0,
      cpuCores: 6,
      ramTotalMB: 7620,
      powerMode: '25W',
    },
    heartbeatSec,
  );

describe('control plane in one process (PostgreSQL, Redis, Mosquitto)', () => {
  let cp: InProcessControlPlane;
  let device: MqttClient;

  const gql: Gql = (query, variables) => graphqlClient(cp.app)(query, variables);
  const getDevice = async (deviceId: string) =>
    (
      await gql('query($id: ID!) { device(id: $id) { id online offlineReason module tags hardware { tensorrt } } }', {
        id: deviceId,
      })
    ).data?.device as { online: boolean; offlineReason: string | null; tags: string[] } | null;

  beforeAll(async () => {
    cp = await startInProcess({ LIVENESS_SWEEP_MS: '200', LAST_SEEN_FLUSH_MS: '100' });
    device = await mqtt.connectAsync(TEST_MQTT_URL, { protocolVersion: 5 });
  });

  afterAll(async () => {
    await device?.endAsync();
    await cp?.close();
  });

  it('reports ready when PostgreSQL, Redis and the broker answer', async () => {
    const res = await request(cp.app.getHttpServer()).get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.info).toMatchObject({
      postgres: { status: 'up' },
      redis: { status: 'up' },
      mqtt: { status: 'up' },
    });
  });

  it('registers a device from its birth message and serves it over GraphQL', async () => {
    await device.publishAsync(topics.status(id('a')), JSON.stringify(birth('sa')), { qos: 1 });
    const d = await waitUntil(() => getDevice(id('a')), 5000);
    expect(d).toMatchObject({ online: true, module: 'orin-nano-8gb', hardware: { tensorrt: '10.3.0' } });
  });

  it('marks a device offline from its Last Will', async () => {
    const will = { state: 'offline', reason: 'lwt', sessionId: 'sb' };
    const dev = await mqtt.connectAsync(TEST_MQTT_URL, {
      protocolVersion: 5,
      will: { topic: topics.status(id('b')), payload: Buffer.from(JSON.stringify(will)), qos: 1, retain: true },
    });
    await dev.publishAsync(topics.status(id('b')), JSON.stringify(birth('sb')), { qos: 1, retain: true });
    await waitUntil(async () => (await getDevice(id('b')))?.online === true, 5000);
    dev.stream.destroy(); // an abrupt drop: the broker publishes the will
    const d = await waitUntil(async () => {
      const x = await getDevice(id('b'));
      return x?.online === false ? x : null;
    }, 5000);
    expect(d.offlineReason).toBe('lwt');
    dev.end(true);
  });

  it('marks a silent device offline after missed heartbeats (BullMQ sweep), and back on a heartbeat', async () => {
    await device.publishAsync(topics.status(id('c')), JSON.stringify(birth('sc', 0.5)), { qos: 1 });
    await waitUntil(async () => (await getDevice(id('c')))?.online === true, 5000);
    const d = await waitUntil(async () => {
      const x = await getDevice(id('c'));
      return x?.online === false ? x : null;
    }, 5000);
    expect(d.offlineReason).toBe('heartbeat_timeout');
    const beat = { seq: 1, sessionId: 'sc', samples: [{ ts: new Date().toISOString(), powerMw: 4100 }] };
    await device.publishAsync(topics.telemetry(id('c')), JSON.stringify(beat), { qos: 1 });
    await waitUntil(async () => (await getDevice(id('c')))?.online === true, 5000);
  });

  it('counts and ignores malformed messages, and stays up', async () => {
    const before = await gql('{ ingestStats { rejected { key count } } }');
    const count = (body: typeof before, key: string) =>
      (body.data?.ingestStats.rejected as { key: string; count: number }[]).find((r) => r.key === key)?.count ?? 0;
    await device.publishAsync(topics.telemetry(id('d')), '{oops', { qos: 1 });
    await device.publishAsync(topics.telemetry(id('d')), JSON.stringify({ seq: 'x' }), { qos: 1 });
    await device.publishAsync(topics.status(id('d')), JSON.stringify({ state: 'online' }), { qos: 1 });
    await device.publishAsync('jetfleet/v1/devices/-bad-/status', JSON.stringify(birth('x')), { qos: 1 });
    const after = await waitUntil(async () => {
      const b = await gql('{ ingestStats { rejected { key count } } }');
      return count(b, 'invalid_schema') >= count(before, 'invalid_schema') + 2 ? b : null;
    }, 5000);
    expect(count(after, 'invalid_json')).toBe(count(before, 'invalid_json') + 1);
    expect(count(after, 'invalid_device_id')).toBe(count(before, 'invalid_device_id') + 1);
    expect(await getDevice(id('d'))).toBeNull();
    const health = await request(cp.app.getHttpServer()).get('/health/ready');
    expect(health.status).toBe(200);
  });

  it('sets tags, filters by them, and refuses bad tags with a coded error', async () => {
    await device.publishAsync(topics.status(id('e')), JSON.stringify(birth('se')), { qos: 1 });
    await waitUntil(() => getDevice(id('e')), 5000);
    const ok = await gql(
      'mutation($id: ID!) { setDeviceTags(id: $id, tags: ["line-3", "site:lyon", "line-3"]) { tags } }',
      {
        id: id('e'),
      },
    );
    expect(ok.data?.setDeviceTags.tags).toEqual(['line-3', 'site:lyon']);
    const listed = await gql(
      '{ devices(first: 10, filter: { tag: "site:lyon" }) { totalCount edges { node { id } } } }',
    );
    expect(listed.data?.devices.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(id('e'));

    const bad = await gql('mutation($id: ID!) { setDeviceTags(id: $id, tags: ["ok", "no spaces"]) { tags } }', {
      id: id('e'),
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toContain('"no spaces"');
    const missing = await gql('mutation { setDeviceTags(id: "nope-404", tags: []) { tags } }');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('pages through devices with opaque cursors', async () => {
    for (const n of ['p1', 'p2', 'p3']) {
      await device.publishAsync(topics.status(id(n)), JSON.stringify(birth(`s${n}`)), { qos: 1 });
    }
    await waitUntil(() => getDevice(id('p3')), 5000);
    const q =
      'query($after: String) { devices(first: 2, after: $after, filter: { module: "orin-nano-8gb", online: true }) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }';
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const r = await gql(q, { after });
      const conn = r.data?.devices;
      seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(conn.edges.length).toBeLessThanOrEqual(2);
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([id('p1'), id('p2'), id('p3')]));

    const bad = await gql('{ devices(first: 2, after: "garbage") { totalCount } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await gql('{ devices(first: 100000) { totalCount } }');
    expect(tooMany.errors?.[0]?.message).toMatch(/first must be between/);
  });

  it('streams status changes over graphql-ws', async () => {
    const port = (cp.app.getHttpServer().address() as AddressInfo).port;
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      connectionParams: wsConnectionParams(),
    });
    const events: { deviceId: string; online: boolean }[] = [];
    const done = new Promise<void>((resolve, reject) => {
      client.subscribe<{ deviceStatusChanged: { deviceId: string; online: boolean } }>(
        { query: 'subscription { deviceStatusChanged { deviceId online reason at } }' },
        {
          next: (m) => {
            if (m.data?.deviceStatusChanged.deviceId === id('ws')) {
              events.push(m.data.deviceStatusChanged);
              resolve();
            }
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    // Give the subscription time to reach Redis before the event fires.
    await new Promise((r) => setTimeout(r, 500));
    await device.publishAsync(topics.status(id('ws')), JSON.stringify(birth('sws')), { qos: 1 });
    await done;
    expect(events[0]).toMatchObject({ deviceId: id('ws'), online: true });
    await client.dispose();
  });
});
