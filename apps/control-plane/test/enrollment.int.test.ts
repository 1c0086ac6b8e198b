import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stat } from 'node:fs/promises';
import { credentialsEnv, loadCredentials } from '../../../device-agent/src/cli/credentials-file.js';
import { runEnroll } from '../../../device-agent/src/cli/enroll.command.js';
import { DeviceAgent, SimulatedAdapter, profileForIndex } from '../../../device-agent/src/index.js';
import { CONTROL_PLANE_USERNAME, startSecureBroker, type SecureBroker } from '../../../scripts/secure-broker.mjs';
import { gqlOk, graphqlClient, type Gql } from '../../../test/support/graphql-client.js';
import { startInProcess, type InProcessControlPlane } from '../../../test/support/in-process-control-plane.js';
import { freePort } from '../../../test/support/processes.js';
import { uniqueName } from '../../../test/support/test-env.js';
import { waitUntil } from '../../../test/support/wait-until.js';

const PREFIX = uniqueName('enr').replace(/_/g, '-');
const ROOT = 'jetfleet/v1/devices';

interface Issued {
  deviceId: string;
  mqtt: { url: string; username: string; password: string; clientId: string };
  topicsRoot: string;
  signingKeyId: string | null;
  signingPublicKeyPem: string | null;
}

/** A broker connection that fails instead of retrying, so a refused CONNECT is an error here. */
function connect(url: string, opts: IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(url, { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5000, ...opts });
    const refused = (err: Error): void => {
      c.end(true);
      reject(err);
    };
    c.once('error', refused);
    c.once('connect', () => {
      c.off('error', refused);
      // Later socket errors (a connection the broker drops) surface as 'close'.
      c.on('error', () => undefined);
      resolve(c);
    });
  });
}

/** Suback/puback reason codes, whether mqtt.js resolves (granted) or rejects (135) the call. */
async function subscribeCodes(c: MqttClient, filters: string[]): Promise<number[]> {
  try {
    return (await c.subscribeAsync(filters, { qos: 1 })).map((g) => g.qos);
  } catch (err) {
    return (err as { packet?: { granted?: number[] } }).packet?.granted ?? [-1];
  }
}

/** True when the broker answers a QoS 1 publish with PUBACK 135 (not authorised). */
async function publishRefused(c: MqttClient, topic: string): Promise<boolean> {
  try {
    await c.publishAsync(topic, 'forged', { qos: 1 });
    return false;
  } catch (err) {
    return (err as { code?: number }).code === 135;
  }
}

/** Ends a client or an agent without letting a dead connection hold up the teardown. */
const settle = (p: Promise<unknown>): Promise<unknown> =>
  Promise.race([p.catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);

describe('device enrollment with per-device credentials on a secured Mosquitto', () => {
  let broker: SecureBroker;
  let cp: InProcessControlPlane;
  let gql: Gql;
  let sql: pg.Client;
  let watcher: MqttClient;
  let workDir: string;
  let brokerDir: string;
  const adminPassword = randomBytes(18).toString('base64url');
  const seen: string[] = [];
  const clients: MqttClient[] = [];
  const agents: DeviceAgent[] = [];

  const enroll = async (body: unknown): Promise<{ status: number; body: any }> => {
    const res = await request(cp.app.getHttpServer() as Parameters<typeof request>[0])
      .post('/enroll')
      .send(body as object);
    return { status: res.status, body: res.body };
  };

  const createToken = async (
    args: { maxUses?: number; ttlSec?: number; tags?: string[]; deviceIdPrefix?: string } = {},
  ): Promise<{ token: string; id: string }> => {
    const data = await gqlOk(
      gql,
      `mutation($name: String!, $maxUses: Int!, $ttlSec: Int!, $tags: [String!], $prefix: String) {
        createEnrollmentToken(name: $name, maxUses: $maxUses, ttlSec: $ttlSec, tags: $tags, deviceIdPrefix: $prefix) {
          token enrollmentToken { id state uses maxUses tags deviceIdPrefix }
        }
      }`,
      {
        name: 'test',
        maxUses: args.maxUses ?? 1,
        ttlSec: args.ttlSec ?? 600,
        tags: args.tags ?? null,
        prefix: args.deviceIdPrefix ?? null,
      },
    );
    return { token: data.createEnrollmentToken.token, id: data.createEnrollmentToken.enrollmentToken.id };
  };

  const tokenUses = async (id: string): Promise<{ uses: number; state: string }> => {
    const data = await gqlOk(gql, '{ enrollmentTokens(first: 500) { id uses state } }');
    return data.enrollmentTokens.find((t: { id: string }) => t.id === id);
  };

  const enrolled = async (deviceId: string, opts: { tags?: string[] } = {}): Promise<Issued> => {
    const { token } = await createToken(opts);
    const res = await enroll({ token, deviceId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as Issued;
  };

  const connectAs = async (issued: Issued): Promise<MqttClient> => {
    const c = await connect(issued.mqtt.url, {
      username: issued.mqtt.username,
      password: issued.mqtt.password,
      clientId: issued.mqtt.clientId,
    });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'jf-enroll-'));
    // Its own directory: a broker started as root runs as `mosquitto`, which cannot enter workDir (0700).
    brokerDir = await mkdtemp(path.join(tmpdir(), 'jf-secure-broker-'));
    broker = await startSecureBroker({ port: await freePort(), dir: brokerDir, adminPassword });
    cp = await startInProcess({
      MQTT_URL: broker.url,
      MQTT_USERNAME: CONTROL_PLANE_USERNAME,
      MQTT_PASSWORD: adminPassword,
      MQTT_DYNSEC_ENABLED: 'true',
      MQTT_DYNSEC_USERNAME: CONTROL_PLANE_USERNAME,
      MQTT_DYNSEC_PASSWORD: adminPassword,
      ENROLL_MAX_FAILURES_PER_MIN: '1000',
      LOG_LEVEL: 'error',
    });
    gql = graphqlClient(cp.app); // sends the test admin key: the enrollment operations are admin-only
    sql = new pg.Client({ connectionString: cp.db.url });
    await sql.connect();
    // The control plane's own credentials see every device topic: what reaches the broker, not what a device claims.
    watcher = await connect(broker.url, {
      username: CONTROL_PLANE_USERNAME,
      password: adminPassword,
      clientId: `${PREFIX}-watcher`,
    });
    watcher.on('message', (topic) => seen.push(topic));
    expect(await subscribeCodes(watcher, [`${ROOT}/#`])).toEqual([1]);
  });

  afterAll(async () => {
    await Promise.all(agents.map((a) => settle(a.stop())));
    await Promise.all([...clients, watcher].map((c) => c && settle(c.endAsync())));
    await sql?.end();
    await cp?.close();
    await broker?.stop();
    await rm(workDir, { recursive: true, force: true });
    await rm(brokerDir, { recursive: true, force: true });
  });

  it('enrolls once per token use and refuses used-up, expired, revoked and unknown tokens', async () => {
    const { token, id } = await createToken({ maxUses: 2 });
    const a = await enroll({ token, deviceId: `${PREFIX}-u1` });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({
      deviceId: `${PREFIX}-u1`,
      mqtt: { url: broker.url, username: `${PREFIX}-u1`, clientId: `jetfleet-dev-${PREFIX}-u1` },
      topicsRoot: `${ROOT}/${PREFIX}-u1`,
    });
    expect(a.body.mqtt.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.body.mqtt.url).not.toContain(adminPassword);
    expect(a.body.mqtt.url).not.toContain(CONTROL_PLANE_USERNAME);

    // Enrolled and not revoked: refused, and the refusal does not use the token up.
    const again = await enroll({ token, deviceId: `${PREFIX}-u1` });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_ENROLLED');
    expect(await tokenUses(id)).toEqual({ id, uses: 1, state: 'active' });

    const b = await enroll({ token, deviceId: `${PREFIX}-u2` });
    expect(b.status).toBe(201);
    // The public key devices pin: the newest unretired signing key (none before the signing service made one).
    const key = await sql.query<{ kid: string; public_key_pem: string }>(
      'SELECT kid, public_key_pem FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1',
    );
    expect(b.body).toMatchObject({
      signingKeyId: key.rows[0]?.kid ?? null,
      signingPublicKeyPem: key.rows[0]?.public_key_pem ?? null,
    });
    expect(b.body.mqtt.password).not.toBe(a.body.mqtt.password);
    expect(await tokenUses(id)).toMatchObject({ uses: 2, state: 'used_up' });

    const usedUp = await enroll({ token, deviceId: `${PREFIX}-u3` });
    expect(usedUp).toMatchObject({ status: 401, body: { code: 'TOKEN_USED_UP' } });
    expect(usedUp.body.message).toContain('2 of 2');

    const expired = await createToken();
    await sql.query(`UPDATE enrollment_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      expired.id,
    ]);
    expect(await enroll({ token: expired.token, deviceId: `${PREFIX}-u4` })).toMatchObject({
      status: 401,
      body: { code: 'TOKEN_EXPIRED' },
    });

    const revoked = await createToken();
    const r = await gqlOk(gql, 'mutation($id: ID!) { revokeEnrollmentToken(id: $id) { state revokedAt } }', {
      id: revoked.id,
    });
    expect(r.revokeEnrollmentToken.state).toBe('revoked');
    expect(await enroll({ token: revoked.token, deviceId: `${PREFIX}-u5` })).toMatchObject({
      status: 401,
      body: { code: 'TOKEN_REVOKED' },
    });

    expect(await enroll({ token: 'jfe_not-a-real-token', deviceId: `${PREFIX}-u6` })).toMatchObject({
      status: 401,
      body: { code: 'INVALID_TOKEN', message: 'unknown enrollment token' },
    });
    // None of the refused devices got a broker client.
    for (const n of [3, 4, 5, 6]) {
      await expect(
        connect(broker.url, { username: `${PREFIX}-u${n}`, password: 'x', clientId: `jetfleet-dev-${PREFIX}-u${n}` }),
      ).rejects.toThrow(/Not authorized/);
    }
  });

  it('refuses bad input and device ids outside the token prefix, without using the token', async () => {
    const { token, id } = await createToken({ deviceIdPrefix: `${PREFIX}-lab-` });
    const outside = await enroll({ token, deviceId: `${PREFIX}-prod-1` });
    expect(outside).toMatchObject({ status: 403, body: { code: 'DEVICE_ID_NOT_ALLOWED' } });
    expect(outside.body.message).toContain(`"${PREFIX}-lab-"`);

    const bad = await enroll({ deviceId: 'a/b#', hardware: { module: 7 } });
    expect(bad).toMatchObject({ status: 400, body: { code: 'INVALID_REQUEST' } });
    expect(bad.body.message).toContain('token: ');
    expect(bad.body.message).toContain('deviceId: device id must be');
    expect(bad.body.message).toContain('hardware.module');

    const malformed = await request(cp.app.getHttpServer() as Parameters<typeof request>[0])
      .post('/enroll')
      .set('Content-Type', 'application/json')
      .send('{"token": ');
    expect(malformed.status).toBe(400);
    expect(await tokenUses(id)).toMatchObject({ uses: 0, state: 'active' });

    const inside = await enroll({ token, deviceId: `${PREFIX}-lab-1` });
    expect(inside.status).toBe(201);

    const badToken = await gql(
      'mutation { createEnrollmentToken(name: "", maxUses: 0, ttlSec: 5, deviceIdPrefix: "a/") { token } }',
    );
    const message = badToken.errors?.[0]?.message ?? '';
    expect(badToken.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const field of ['name', 'maxUses', 'ttlSec', 'deviceIdPrefix']) expect(message).toContain(field);

    // Tokens are fleet credentials: only an admin key may mint them.
    const anonymous = await graphqlClient(cp.app, { apiKey: null })(
      'mutation { createEnrollmentToken(name: "x", maxUses: 1, ttlSec: 600) { token } }',
    );
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const stats = await gqlOk(gql, '{ enrollmentStats { enrolled failures { reason count } } }');
    const failures = Object.fromEntries(
      stats.enrollmentStats.failures.map((f: { reason: string; count: number }) => [f.reason, f.count]),
    );
    expect(failures).toMatchObject({ INVALID_REQUEST: 1, DEVICE_ID_NOT_ALLOWED: 1, TOKEN_USED_UP: 1 });
    expect(stats.enrollmentStats.enrolled).toBeGreaterThanOrEqual(3);
  });

  it('never lets concurrent enrollments exceed a token max uses', async () => {
    const { token, id } = await createToken({ maxUses: 3 });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => enroll({ token, deviceId: `${PREFIX}-race-${i}` })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 401, 401, 401, 401, 401]);
    expect(await tokenUses(id)).toMatchObject({ uses: 3, state: 'used_up' });
  });

  it('refuses anonymous, wrong-password and wrong-client-id connections', async () => {
    const issued = await enrolled(`${PREFIX}-auth`);
    const { url, username, password, clientId } = issued.mqtt;
    await expect(connect(url, { clientId: `${PREFIX}-anon` })).rejects.toThrow(/Not authorized/);
    await expect(connect(url, { username, password: `${password}x`, clientId })).rejects.toThrow(/Not authorized/);
    await expect(connect(url, { username, password, clientId: `${PREFIX}-other` })).rejects.toThrow(/Not authorized/);
    await expect(connect(url, { username: CONTROL_PLANE_USERNAME, password, clientId })).rejects.toThrow(
      /Not authorized/,
    );
    const ok = await connectAs(issued);
    expect(ok.connected).toBe(true);
  });

  it('confines a device to its own topics: it cannot write or read another device', async () => {
    const a = await connectAs(await enrolled(`${PREFIX}-a`));
    const b = await connectAs(await enrolled(`${PREFIX}-b`));
    const A = `${ROOT}/${PREFIX}-a`;
    const B = `${ROOT}/${PREFIX}-b`;
    const toA: string[] = [];
    const toB: string[] = [];
    a.on('message', (t) => toA.push(t));
    b.on('message', (t) => toB.push(t));
    expect(await subscribeCodes(b, [`${B}/desired`, `${B}/jobs/+`])).toEqual([1, 1]);

    // A cannot subscribe to anything of B's, nor to wildcards that would include B.
    const filters = [
      `${B}/desired`,
      `${B}/jobs/+`,
      `${B}/telemetry`,
      `${ROOT}/+/desired`,
      `${ROOT}/#`,
      '#',
      `$share/x/${B}/desired`,
    ];
    expect(await subscribeCodes(a, filters)).toEqual(filters.map(() => 135));
    expect(await subscribeCodes(a, [`${A}/desired`, `${A}/jobs/+`])).toEqual([1, 1]);

    // Every forged publish into B's topics is refused and reaches no one; nor may A write its own
    // inbox (only the control plane may) or anything outside the device tree.
    const forged = [
      `${B}/desired`,
      `${B}/jobs/j1`,
      `${B}/status`,
      `${B}/telemetry`,
      `${B}/jobs/j1/progress`,
      `${A}/desired`,
      `${A}/jobs/j1`,
      'jetfleet/v1/elsewhere',
    ];
    for (const t of forged) expect([t, await publishRefused(a, t)]).toEqual([t, true]);
    await a.publishAsync(`${B}/telemetry`, 'forged at QoS 0', { qos: 0 });

    // A's own telemetry gets through on the same connection; sent after the forgeries, it would arrive after them.
    await a.publishAsync(`${A}/telemetry`, '{}', { qos: 1 });
    await waitUntil(() => seen.includes(`${A}/telemetry`), 5000);
    expect(seen.filter((t) => t.startsWith(`${B}/`) || forged.includes(t))).toEqual([]);
    expect(toB).toEqual([]);
    expect(toA).toEqual([]);

    // The control plane reaches each device; B's desired and jobs never reach A.
    await watcher.publishAsync(`${B}/desired`, '{}', { qos: 1 });
    await watcher.publishAsync(`${B}/jobs/j2`, '{}', { qos: 1 });
    await watcher.publishAsync(`${A}/desired`, '{}', { qos: 1 });
    await watcher.publishAsync(`${A}/jobs/j3`, '{}', { qos: 1 });
    await waitUntil(() => toA.length === 2 && toB.length === 2, 5000);
    expect(toA).toEqual([`${A}/desired`, `${A}/jobs/j3`]);
    expect(toB).toEqual([`${B}/desired`, `${B}/jobs/j2`]);
    expect(a.connected).toBe(true);
  });

  it('enrolls with `jetfleet-agent enroll`; the agent runs on the saved credentials and gets the token tags at first birth', async () => {
    const deviceId = `${PREFIX}-agent`;
    const { token } = await createToken({ tags: ['site=lab', 'canary'] });
    const out = path.join(workDir, 'credentials.json');
    const url = await cp.app.getUrl();
    expect(await runEnroll(['--url', url, '--token', token, '--device-id', deviceId, '--out', out])).toBe(0);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const saved = await loadCredentials(out);
    expect(saved).toMatchObject({ deviceId, controlPlaneUrl: url, mqtt: { url: broker.url, username: deviceId } });
    // The token is used up: a second enroll fails with the server's reason.
    expect(await runEnroll(['--url', url, '--token', token, '--device-id', `${deviceId}-2`, '--out', out])).toBe(1);

    const env = credentialsEnv(saved);
    const agent = new DeviceAgent(
      {
        deviceId: env.JETFLEET_DEVICE_ID as string,
        mqttUrl: env.MQTT_URL as string,
        username: env.MQTT_USERNAME,
        password: env.MQTT_PASSWORD,
        heartbeatSec: 1,
        workDir: path.join(workDir, deviceId),
      },
      new SimulatedAdapter({ ...profileForIndex(0), timeFactor: 0.001 }),
    );
    agents.push(agent);
    agent.start();
    const device = await waitUntil(async () => {
      const d = (await gqlOk(gql, 'query($id: ID!) { device(id: $id) { online tags } }', { id: deviceId })).device;
      return d?.online && d.tags.length ? d : null;
    }, 10_000);
    expect(device.tags).toEqual(['canary', 'site=lab']);
    await waitUntil(() => seen.includes(`${ROOT}/${deviceId}/telemetry`), 5000);
  });

  it('revokeDevice disconnects the device, marks it offline and its credentials stop working', async () => {
    const deviceId = `${PREFIX}-agent`;
    const issued = await enrolled(`${PREFIX}-raw`);
    const raw = await connectAs(issued);
    const closed = new Promise<void>((resolve) => raw.once('close', () => resolve()));

    const t0 = Date.now();
    const res = await gqlOk(gql, 'mutation($id: ID!) { revokeDevice(deviceId: $id) { deviceId revokedAt } }', {
      id: `${PREFIX}-raw`,
    });
    expect(res.revokeDevice.deviceId).toBe(`${PREFIX}-raw`);
    await closed;
    expect(Date.now() - t0).toBeLessThan(2000);
    const { url, username, password, clientId } = issued.mqtt;
    await expect(connect(url, { username, password, clientId })).rejects.toThrow(/Not authorized/);

    // The running agent: disconnected, offline with reason "revoked", and its reconnects are refused.
    await gqlOk(gql, 'mutation($id: ID!) { revokeDevice(deviceId: $id) { deviceId } }', { id: deviceId });
    const device = await waitUntil(async () => {
      const d = (await gqlOk(gql, 'query($id: ID!) { device(id: $id) { online offlineReason } }', { id: deviceId }))
        .device;
      return d && !d.online ? d : null;
    }, 5000);
    expect(device.offlineReason).toBe('revoked');
    const heard = seen.length;
    await new Promise((r) => setTimeout(r, 2500)); // > 2 agent heartbeats and reconnect attempts
    expect(seen.slice(heard).filter((t) => t.startsWith(`${ROOT}/${deviceId}/telemetry`))).toEqual([]);
    const creds = await sql.query<{ revoked_at: Date | null }>(
      'SELECT revoked_at FROM device_credentials WHERE device_id = $1',
      [deviceId],
    );
    expect(creds.rows[0]?.revoked_at).toBeInstanceOf(Date);

    const twice = await gql('mutation($id: ID!) { revokeDevice(deviceId: $id) { deviceId } }', { id: deviceId });
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', details: { reason: 'NOT_ENROLLED' } });

    // A revoked device may enroll again with a new token, and gets new credentials.
    const again = await enrolled(`${PREFIX}-raw`);
    expect(again.mqtt.password).not.toBe(password);
    await connectAs(again);
  });
});
