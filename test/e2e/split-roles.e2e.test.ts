import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics, type OnlineStatus } from '@jetfleet/protocol';
import { freePort, spawnNode, stopProcess, type Spawned } from '../support/processes.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TEST_MQTT_URL, uniqueName } from '../support/test-env.js';
import { waitUntil } from '../support/wait-until.js';
import { makeBirth } from '../support/device-factory.js';
import { controlPlaneEnv, waitReady } from '../support/control-plane-process.js';
import { gqlOk, graphqlClient } from '../support/graphql-client.js';

const PREFIX = uniqueName('split').replace(/_/g, '-');

const birth = (sessionId: string, heartbeatSec: number): OnlineStatus => makeBirth(sessionId, {}, heartbeatSec);

describe('two API replicas and a separate worker on one broker, Redis and database', () => {
  let db: TestDatabase;
  const procs: Spawned[] = [];
  const bases: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const prefix = uniqueName('jfs');
    const common = controlPlaneEnv(db, prefix, { LIVENESS_SWEEP_MS: '200', LAST_SEEN_FLUSH_MS: '100' });
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      bases.push(`http://127.0.0.1:${port}`);
      procs.push(spawnNode('apps/control-plane/dist/main.api.js', [], { ...common, PORT: String(port) }));
    }
    procs.push(spawnNode('apps/control-plane/dist/main.worker.js', [], { ...common, PORT: '0' }));
    for (const [i, base] of bases.entries()) await waitReady(base, procs[i]!);
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => stopProcess(p)));
    await db?.drop();
  });

  it('splits device traffic between the replicas, and the worker alone detects silence', async () => {
    const client = await mqtt.connectAsync(TEST_MQTT_URL, { protocolVersion: 5 });
    const ids = Array.from({ length: 40 }, (_, i) => `${PREFIX}-${i}`);
    for (const id of ids) await client.publishAsync(topics.status(id), JSON.stringify(birth(`s-${id}`, 1)), { qos: 1 });
    const query = async (base: string) =>
      (await gqlOk(graphqlClient(base), '{ devices(first: 500) { edges { node { id online offlineReason } } } }'))
        .devices.edges as { node: { id: string; online: boolean; offlineReason: string | null } }[];

    // Both replicas serve the same state whichever of them ingested a message.
    for (const base of bases) {
      await waitUntil(
        async () => (await query(base)).filter((e) => ids.includes(e.node.id)).length === ids.length,
        10_000,
      );
    }
    const accepted = await Promise.all(
      bases.map(async (b) => {
        const data = await gqlOk(graphqlClient(b), '{ ingestStats { accepted { key count } } }');
        return (
          (data.ingestStats.accepted as { key: string; count: number }[]).find((x) => x.key === 'status')?.count ?? 0
        );
      }),
    );
    expect(accepted[0]! + accepted[1]!).toBeGreaterThanOrEqual(ids.length);
    expect(accepted[0]).toBeGreaterThan(0);
    expect(accepted[1]).toBeGreaterThan(0);

    // No heartbeats follow: the worker process's sweep marks them offline within 2 intervals.
    const offline = await waitUntil(async () => {
      const edges = await query(bases[0]!);
      const mine = edges.filter((e) => ids.includes(e.node.id));
      return mine.length === ids.length && mine.every((e) => !e.node.online) ? mine : null;
    }, 5000);
    expect(new Set(offline.map((e) => e.node.offlineReason))).toEqual(new Set(['heartbeat_timeout']));
    await client.endAsync();
  });
});
