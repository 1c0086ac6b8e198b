import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startInProcessWithOverrides,
  type OverriddenControlPlane,
} from '../../../test/support/in-process-with-overrides.js';
import { graphqlClient, type Gql } from '../../../test/support/graphql-client.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { uniqueName } from '../../../test/support/test-env.js';
import { waitUntil } from '../../../test/support/wait-until.js';
import { AlertDb } from './alerts.fixtures.js';

const gqlClient = (app: INestApplication): Gql => graphqlClient(app);

const PREFIX = uniqueName('ar').replace(/_/g, '-');
const TAG = 'restart-slow';
const DURATION_SEC = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The real NotificationsModule this time: with no webhook endpoints it has nothing to send. */
describe('alert state across a control-plane restart', () => {
  let database: TestDatabase;
  let cp: OverriddenControlPlane | undefined;
  let db: AlertDb;
  const start = async () => {
    cp = await startInProcessWithOverrides({ database, env: { ALERT_EVAL_MS: '200' } });
    return cp;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await AlertDb.connect(database.url);
  });

  afterAll(async () => {
    await db?.end();
    await cp?.stop();
    await database?.drop();
  });

  it('keeps conditionSince and open alerts, so durations and dedupe span the restart', async () => {
    const hot = `${PREFIX}-hot`;
    const off = `${PREFIX}-off`;
    const first = await start();
    const set = await gqlClient(first.app)(
      `mutation { setAlertRule(input: { kind: "temperature_high", scopeKind: TAG, scopeValue: "${TAG}",
         params: [{ name: "thresholdC", value: 80 }, { name: "durationSec", value: ${DURATION_SEC} }] }) { id } }`,
    );
    expect(set.errors).toBeUndefined();
    await db.insertDevice(hot, { tags: [TAG] });
    await db.insertDevice(off, { online: false });
    let feeding = true;
    const feeder = (async () => {
      while (feeding) {
        await db.insertSample(hot, { tempMaxC: 90 });
        await sleep(250);
      }
    })();
    try {
      const since = await waitUntil(async () => (await db.ruleState('temperature_high', hot))?.condition_since, 5000);
      const offline = await waitUntil(async () => {
        const r = await db.query("SELECT id FROM alerts WHERE device_id = $1 AND status = 'firing'", [off]);
        return r.rows[0] as { id: string } | undefined;
      }, 5000);

      await first.stop();
      await sleep(1000);
      const restartedAt = Date.now();
      const second = await start();
      const gql = gqlClient(second.app);

      const raised = await waitUntil(async () => {
        const r = await gql(
          `{ alerts(filter: { deviceId: "${hot}", kind: "temperature_high" }) { edges { node { firedAt details } } } }`,
        );
        return r.data?.alerts.edges[0]?.node as { firedAt: string; details: Record<string, unknown> } | undefined;
      }, 15_000);
      // The pending period that began before the restart is the one that fired.
      expect(raised.details.conditionSince).toBe(since.toISOString());
      expect(new Date(raised.firedAt).getTime() - since.getTime()).toBeGreaterThanOrEqual(DURATION_SEC * 1000);
      expect(new Date(raised.firedAt).getTime()).toBeGreaterThan(restartedAt);

      // The offline alert raised before the restart is still the only one, raised once.
      const offAlerts = await db.query('SELECT id, status FROM alerts WHERE device_id = $1', [off]);
      expect(offAlerts.rows).toEqual([{ id: offline.id, status: 'firing' }]);
      const events = await db.query('SELECT type FROM alert_events WHERE alert_id = $1', [offline.id]);
      expect(events.rows.map((e) => e.type)).toEqual(['raised']);
      const evaluatedAfterRestart = await db.query(
        "SELECT last_evaluated_at > fired_at + interval '1 second' AS later FROM alerts WHERE id = $1",
        [offline.id],
      );
      expect(evaluatedAfterRestart.rows[0]).toEqual({ later: true });
    } finally {
      feeding = false;
      await feeder;
    }
  });
});
