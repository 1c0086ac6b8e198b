import { readFileSync } from 'node:fs';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MALFORMED_GRAPHQL,
  MALFORMED_GRAPHQL_KNOWN_GAPS,
  TEST_MAX_DEPTH,
  type MalformedGraphqlCase,
} from './hostile-graphql.fixtures.js';
import { decodeDeviceMessage, topics, REJECT_REASONS } from '@jetfleet/protocol';
import { makeBirth } from '../../../test/support/device-factory.js';
import { gqlOk, graphqlClient, type Gql } from '../../../test/support/graphql-client.js';
import { expectedRejections, hostileDeviceMessages } from '../../../test/support/hostile-messages.js';
import { startInProcess, type InProcessControlPlane } from '../../../test/support/in-process-control-plane.js';
import { REPO_ROOT } from '../../../test/support/processes.js';
import { TestBroker } from '../../../test/support/test-broker.js';
import { uniqueName } from '../../../test/support/test-env.js';
import { waitUntil } from '../../../test/support/wait-until.js';

const SEED = 0x1badf00d;
const HOSTILE_COUNT = 6000;
const BROKER_MAX_PACKET = Number(
  /^max_packet_size\s+(\d+)/m.exec(readFileSync(path.join(REPO_ROOT, 'infra/mosquitto/mosquitto.conf'), 'utf8'))![1],
);

const PREFIX = uniqueName('fz').replace(/_/g, '-');
const VALID_IDS = [`${PREFIX}-a`, `${PREFIX}-b`, `${PREFIX}-c`];
const GHOST_PREFIX = `${PREFIX}-ghost`;

type Counts = Record<string, number>;

/**
 * Hostile input from devices, against the real control plane in this process and a private Mosquitto
 * with the project's configuration (private, so that other test files' control planes, which share
 * the test broker, neither count these messages nor disturb the exact counts asserted here).
 */
describe('hostile input (real control plane, real Mosquitto, real PostgreSQL)', () => {
  let broker: TestBroker;
  let cp: InProcessControlPlane;
  let db: pg.Client;
  const devices = new Map<string, MqttClient>();
  const gql: Gql = (query, variables) => graphqlClient(cp.app)(query, variables);
  const corpus = hostileDeviceMessages({
    seed: SEED,
    count: HOSTILE_COUNT,
    victimIds: VALID_IDS,
    ghostPrefix: GHOST_PREFIX,
    brokerMaxPacketBytes: BROKER_MAX_PACKET,
  });
  let samplesSent = 0;

  const rejectedCounts = async (): Promise<Counts> => {
    const data = await gqlOk(gql, '{ ingestStats { rejected { key count } } }');
    return Object.fromEntries(
      (data.ingestStats.rejected as { key: string; count: number }[]).map((r) => [r.key, r.count]),
    );
  };
  const total = (c: Counts) => Object.values(c).reduce((a, b) => a + b, 0);
  const deviceRows = async () =>
    (await db.query('SELECT * FROM devices ORDER BY id')).rows.map((r) => JSON.stringify(r));
  const reportedRows = async () =>
    (await db.query('SELECT * FROM device_reported ORDER BY device_id')).rows.map((r) => JSON.stringify(r));
  const telemetryCount = async () => Number((await db.query('SELECT count(*) AS n FROM telemetry_samples')).rows[0].n);

  const sendTelemetry = async (deviceId: string, session: string, seq: number, samples: number) => {
    const base = Date.now() - 60_000;
    const msg = {
      seq,
      sessionId: session,
      samples: Array.from({ length: samples }, (_, i) => ({
        ts: new Date(base + seq * 1000 + i * 10).toISOString(),
        powerMw: 4000 + i,
        temps: { gpu: 40 + (i % 10) },
        gpuLoadPct: 50,
      })),
    };
    await devices.get(deviceId)!.publishAsync(topics.telemetry(deviceId), JSON.stringify(msg), { qos: 1 });
    samplesSent += samples;
  };
  const sendReported = (deviceId: string, appliedRev: number, powerMode: string) =>
    devices.get(deviceId)!.publishAsync(
      topics.reported(deviceId),
      JSON.stringify({
        appliedRev,
        phase: 'idle',
        powerMode,
        activeModelVersionId: null,
        ts: new Date().toISOString(),
      }),
      { qos: 1 },
    );

  beforeAll(async () => {
    broker = await TestBroker.start();
    cp = await startInProcess({
      MQTT_URL: broker.url,
      LAST_SEEN_FLUSH_MS: '100',
      TELEMETRY_FLUSH_MS: '100',
      GRAPHQL_MAX_DEPTH: String(TEST_MAX_DEPTH),
    });
    db = new pg.Client({ connectionString: cp.db.url });
    await db.connect();
    for (const id of VALID_IDS) devices.set(id, await mqtt.connectAsync(broker.url, { protocolVersion: 5 }));
  });

  afterAll(async () => {
    for (const c of devices.values()) await c.endAsync().catch(() => undefined);
    await db?.end();
    await cp?.close();
    await broker?.stop();
  });

  it('builds a deterministic corpus whose every message is refused with the declared reason', () => {
    const again = hostileDeviceMessages({
      seed: SEED,
      count: HOSTILE_COUNT,
      victimIds: VALID_IDS,
      ghostPrefix: GHOST_PREFIX,
      brokerMaxPacketBytes: BROKER_MAX_PACKET,
    });
    expect(again.map((m) => m.payload.toString('base64'))).toEqual(corpus.map((m) => m.payload.toString('base64')));
    expect(corpus.length).toBeGreaterThanOrEqual(5000);

    const mismatches: string[] = [];
    for (const m of corpus) {
      if (m.route !== 'ingest') continue;
      // The broker sees the topic as UTF-8, so a lone surrogate arrives as U+FFFD.
      const topic = Buffer.from(m.topic, 'utf8').toString('utf8');
      const result = decodeDeviceMessage(topic, m.payload);
      const got = result.ok ? 'accepted' : result.reason;
      if (got !== m.reason) mismatches.push(`${m.category} on ${topic.slice(0, 100)}: ${got}, declared ${m.reason}`);
    }
    expect(mismatches).toEqual([]);
    const reasons = expectedRejections(corpus);
    for (const reason of REJECT_REASONS) expect(reasons.get(reason), reason).toBeGreaterThan(0);
    expect(new Set(corpus.map((m) => m.category)).size).toBeGreaterThanOrEqual(20);
  });

  it('counts every hostile message by reason, stays up, and leaves valid devices and the database intact', async () => {
    // Valid devices register and report.
    for (const id of VALID_IDS) {
      await devices.get(id)!.publishAsync(topics.status(id), JSON.stringify(makeBirth(`${id}-s1`, {}, 600)), {
        qos: 1,
      });
    }
    await waitUntil(async () => (await deviceRows()).length === VALID_IDS.length, 10_000);
    for (const id of VALID_IDS) {
      for (let seq = 0; seq < 5; seq++) await sendTelemetry(id, `${id}-s1`, seq, 4);
      await sendReported(id, 0, '15W');
    }
    await waitUntil(async () => (await telemetryCount()) === samplesSent, 10_000);
    await waitUntil(async () => (await reportedRows()).length === VALID_IDS.length, 10_000);
    // Rows settle once the last-seen and latest-telemetry flushes have run.
    let before = await deviceRows();
    await waitUntil(async () => {
      await new Promise((r) => setTimeout(r, 300));
      const now = await deviceRows();
      const same = JSON.stringify(now) === JSON.stringify(before);
      before = now;
      return same;
    }, 10_000);
    const reportedBefore = await reportedRows();
    const telemetryBefore = await telemetryCount();
    const rejectedBefore = await rejectedCounts();

    // An observer sees everything the broker accepted (`#` matches every topic but `$`-topics).
    let observed = 0;
    const observer = await mqtt.connectAsync(broker.url, { protocolVersion: 5 });
    observer.on('message', () => observed++);
    await observer.subscribeAsync('#', { qos: 1 });

    const started = Date.now();
    const hostile = await mqtt.connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0 });
    // Everything here is accepted by the broker: a dropped connection would be a misclassified message.
    const dropped = new Promise<never>((_, reject) =>
      hostile.once('close', () => reject(new Error('the broker dropped the hostile publisher'))),
    );
    const accepted = corpus.filter((m) => m.route !== 'broker_refused');
    for (let i = 0; i < accepted.length; i += 100) {
      const batch = accepted.slice(i, i + 100);
      await Promise.race([
        Promise.all(batch.map((m) => hostile.publishAsync(m.topic, m.payload, { qos: 1 }))),
        dropped,
      ]);
    }
    dropped.catch(() => undefined);
    await hostile.endAsync();

    // What the broker refuses costs the publisher its connection and never reaches the control plane.
    const refused = corpus.filter((m) => m.route === 'broker_refused');
    let refusedDisconnects = 0;
    for (const m of refused) {
      const c = await mqtt.connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0 });
      const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
      c.on('error', () => undefined);
      c.publish(m.topic, m.payload, { qos: 1 }, () => undefined);
      await Promise.race([closed.then(() => refusedDisconnects++), new Promise((r) => setTimeout(r, 3000))]);
      c.end(true);
    }
    expect(refusedDisconnects).toBe(refused.length);

    const routed = corpus.filter((m) => m.route === 'ingest').length;
    const unrouted = corpus.filter((m) => m.route === 'unrouted').length;
    const expected = expectedRejections(corpus);
    const delta = (after: Counts, reason: string) => (after[reason] ?? 0) - (rejectedBefore[reason] ?? 0);
    let after = await waitUntil(async () => {
      const c = await rejectedCounts();
      return total(c) - total(rejectedBefore) >= routed ? c : null;
    }, 30_000);
    await waitUntil(() => observed >= accepted.length, 10_000);
    const elapsedMs = Date.now() - started;
    await new Promise((r) => setTimeout(r, 500));
    after = await rejectedCounts();
    await observer.endAsync();

    console.log(
      `hostile device messages: ${corpus.length} (${routed} reached the ingest, ${unrouted} unrouted, ` +
        `${refused.length} refused by the broker) in ${elapsedMs} ms; rejected by reason: ` +
        JSON.stringify(Object.fromEntries(REJECT_REASONS.map((r) => [r, delta(after, r)]))),
    );
    expect(total(after) - total(rejectedBefore)).toBe(routed);
    for (const reason of REJECT_REASONS) expect(delta(after, reason), reason).toBe(expected.get(reason) ?? 0);
    expect(observed).toBe(accepted.length);

    // Still serving.
    expect((await request(cp.app.getHttpServer()).get('/health/ready')).status).toBe(200);
    // Nothing changed for the valid devices, nothing was created for anyone else.
    expect(await deviceRows()).toEqual(before);
    expect(await reportedRows()).toEqual(reportedBefore);
    expect(await telemetryCount()).toBe(telemetryBefore);
    const ids = (await db.query('SELECT DISTINCT device_id AS id FROM telemetry_samples')).rows.map((r) => r.id);
    expect(ids.sort()).toEqual([...VALID_IDS].sort());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // The valid devices keep working: a new session with another power mode, telemetry, a report.
    for (const id of VALID_IDS) {
      await devices
        .get(id)!
        .publishAsync(topics.status(id), JSON.stringify(makeBirth(`${id}-s2`, { powerMode: '25W' }, 600)), { qos: 1 });
      for (let seq = 0; seq < 3; seq++) await sendTelemetry(id, `${id}-s2`, 100 + seq, 5);
      await sendReported(id, 1, '25W');
    }
    await waitUntil(async () => (await telemetryCount()) === samplesSent, 10_000);
    const updated = await waitUntil(async () => {
      const rows = (await db.query('SELECT * FROM devices ORDER BY id')).rows;
      return rows.every((r) => r.session_id.endsWith('-s2') && r.hardware.powerMode === '25W' && r.online)
        ? rows
        : null;
    }, 10_000);
    expect(updated.map((r) => r.id)).toEqual([...VALID_IDS].sort());
    await waitUntil(async () => {
      const rows = (await db.query('SELECT applied_rev, power_mode FROM device_reported')).rows;
      return (
        rows.length === VALID_IDS.length && rows.every((r) => Number(r.applied_rev) === 1 && r.power_mode === '25W')
      );
    }, 10_000);
    const listed = await gqlOk(gql, '{ devices(first: 10) { totalCount } }');
    expect(listed.devices.totalCount).toBe(VALID_IDS.length);
  }, 60_000);

  const graphqlRejections = async (): Promise<Counts> => {
    const data = await gqlOk(gql, '{ graphqlRequestStats { rejected { key count } } }');
    return Object.fromEntries(
      (data.graphqlRequestStats.rejected as { key: string; count: number }[]).map((r) => [r.key, r.count]),
    );
  };

  /** Sends every case `rounds` times; returns what went wrong and the rejections each code should have gained. */
  const sendMalformed = async (cases: MalformedGraphqlCase[], rounds: number) => {
    const problems: string[] = [];
    const expected: Counts = {};
    for (let round = 0; round < rounds; round++) {
      for (const c of cases) {
        const sentAt = Date.now();
        const res = await c.send(cp.app.getHttpServer());
        const tookMs = Date.now() - sentAt;
        if (c.maxMs !== undefined && tookMs > c.maxMs) problems.push(`${c.name}: took ${tookMs} ms`);
        const body = res.body as { errors?: { message: string; extensions?: { code?: string } }[]; message?: string };
        const first = body.errors?.[0];
        const message = first?.message ?? body.message ?? res.text;
        const ok =
          res.status === c.status &&
          (c.code === undefined || first?.extensions?.code === c.code) &&
          (typeof c.message === 'string' ? message === c.message : c.message.test(message));
        if (!ok)
          problems.push(`${c.name}: HTTP ${res.status} ${first?.extensions?.code ?? ''} ${message.slice(0, 160)}`);
        if (c.counted) expected[c.code ?? 'BAD_REQUEST'] = (expected[c.code ?? 'BAD_REQUEST'] ?? 0) + 1;
      }
    }
    return { problems, expected };
  };

  it('answers malformed GraphQL requests with 4xx or a coded error, counts the refusals, and keeps serving', async () => {
    const before = await graphqlRejections();
    const rounds = 5;
    const started = Date.now();
    const { problems, expected } = await sendMalformed(MALFORMED_GRAPHQL, rounds);
    const elapsedMs = Date.now() - started;
    expect(problems).toEqual([]);

    const after = await graphqlRejections();
    const delta = Object.fromEntries(
      Object.keys(after)
        .map((k) => [k, after[k]! - (before[k] ?? 0)])
        .filter(([, n]) => n),
    );
    console.log(
      `malformed GraphQL requests: ${MALFORMED_GRAPHQL.length * rounds} (${MALFORMED_GRAPHQL.length} kinds × ${rounds}) ` +
        `in ${elapsedMs} ms; refused by the GraphQL server, by code: ${JSON.stringify(delta)}`,
    );
    expect(delta).toEqual(expected);

    expect((await request(cp.app.getHttpServer()).get('/health/ready')).status).toBe(200);
    const listed = await gqlOk(gql, '{ devices(first: 10) { totalCount } }');
    expect(listed.devices.totalCount).toBe(VALID_IDS.length);
  }, 60_000);

  it('refuses, with 4xx and promptly, alias bombs past the node limit, huge wrong-type lists and unresolvable operation names', async () => {
    const before = await graphqlRejections();
    const { problems, expected } = await sendMalformed(MALFORMED_GRAPHQL_KNOWN_GAPS, 1);
    const after = await graphqlRejections();
    expect(problems).toEqual([]);
    expect(total(after) - total(before)).toBe(total(expected));
    expect((await request(cp.app.getHttpServer()).get('/health/ready')).status).toBe(200);
  });
});
