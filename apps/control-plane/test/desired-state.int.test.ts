import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desiredStateSchema, parseEnvelope, topics } from '@jetfleet/protocol';
import { startInProcess, type InProcessControlPlane } from '../../../test/support/in-process-control-plane.js';
import { TEST_MQTT_URL, uniqueName } from '../../../test/support/test-env.js';
import { waitUntil } from '../../../test/support/wait-until.js';
import { DesiredStatePublisher } from '../src/desired/desired-state.publisher.js';
import { DesiredStateRepository } from '../src/desired/desired-state.repository.js';

interface Seen {
  rev: number;
  exp: string;
}

/** Stored first, published second: what a crash in between, or weeks offline, must not break. */
describe('desired-state documents: republish and re-sign', () => {
  let cp: InProcessControlPlane;
  let client: pg.Client;
  let watcher: MqttClient;
  const deviceId = uniqueName('ds').replace(/_/g, '-');
  const seen: Seen[] = [];

  beforeAll(async () => {
    cp = await startInProcess({ LOG_LEVEL: 'error', DESIRED_REPUBLISH_MS: '60000' });
    client = new pg.Client({ connectionString: cp.db.url });
    await client.connect();
    watcher = await mqtt.connectAsync(TEST_MQTT_URL, { protocolVersion: 5, clientId: `${deviceId}-w` });
    watcher.on('message', (_topic, payload) => {
      if (payload.length === 0) return;
      const env = parseEnvelope(payload);
      if (!env.ok) return;
      const doc = desiredStateSchema.parse(JSON.parse(env.envelope.payload));
      seen.push({ rev: doc.rev, exp: env.envelope.exp });
    });
    await watcher.subscribeAsync(topics.desired(deviceId), { qos: 1 });
  });

  afterAll(async () => {
    await watcher?.publishAsync(topics.desired(deviceId), '', { qos: 1, retain: true });
    await watcher?.endAsync();
    await client?.end();
    await cp?.close();
  });

  it('publishes a document that was stored but never published (a crash in between)', async () => {
    const repo = cp.app.get(DesiredStateRepository);
    const [stored] = await repo.writeMany([{ deviceId, patch: { model: null } }], new Date());
    expect(stored?.rev).toBe(1);
    // The sweep leaves fresh documents to the publish under way; this one is "old".
    await client.query(`UPDATE device_desired SET updated_at = now() - interval '1 hour' WHERE device_id = $1`, [
      deviceId,
    ]);
    expect(await cp.app.get(DesiredStatePublisher).sweep()).toBe(1);
    await waitUntil(() => seen.some((s) => s.rev === 1), 5000);
    const row = await client.query<{ published_rev: string }>(
      'SELECT published_rev FROM device_desired WHERE device_id = $1',
      [deviceId],
    );
    expect(Number(row.rows[0]?.published_rev)).toBe(1);
    expect(await cp.app.get(DesiredStatePublisher).sweep()).toBe(0);
  });

  it('signs and publishes the same rev again before its signature gets old', async () => {
    const first = seen.find((s) => s.rev === 1);
    await client.query(`UPDATE device_desired SET published_at = now() - interval '20 days' WHERE device_id = $1`, [
      deviceId,
    ]);
    const before = seen.length;
    expect(await cp.app.get(DesiredStatePublisher).sweep()).toBe(1);
    await waitUntil(() => seen.length > before, 5000);
    const again = seen.at(-1);
    expect(again?.rev).toBe(1);
    expect(Date.parse(again?.exp ?? '')).toBeGreaterThan(Date.parse(first?.exp ?? ''));
  });
});
