import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startInProcessWithOverrides,
  type OverriddenControlPlane,
} from '../../../test/support/in-process-with-overrides.js';
import { bearer } from '../../../test/support/graphql-client.js';
import { TEST_ADMIN_API_KEY, uniqueName } from '../../../test/support/test-env.js';
import { waitUntil } from '../../../test/support/wait-until.js';
import { BuildsDb, SimDevice, registerModel } from './builds.fixtures.js';

const PREFIX = uniqueName('blds').replace(/_/g, '-');

describe('engine builds with the API and the worker in separate control planes', () => {
  let api: OverriddenControlPlane;
  let worker: OverriddenControlPlane;
  let db: BuildsDb;
  let dir: string;
  const fleet = [
    new SimDevice(`${PREFIX}-a`, 'orinNx'),
    new SimDevice(`${PREFIX}-b`, 'orinNano'),
    new SimDevice(`${PREFIX}-c`, 'xavierNx'),
    new SimDevice(`${PREFIX}-d`, 'xavierNx'),
  ];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jf-builds-split-'));
    const queuePrefix = uniqueName('jfs');
    const shared = {
      ARTIFACT_DIR: dir,
      ARTIFACT_TOKEN_SECRET: randomBytes(32).toString('hex'),
      QUEUE_PREFIX: queuePrefix,
      MQTT_SHARE_GROUP: queuePrefix,
      LOG_LEVEL: 'error',
      BUILD_WATCHDOG_MS: '200',
    };
    api = await startInProcessWithOverrides({ role: 'api', env: shared });
    const port = (api.app.getHttpServer().address() as AddressInfo).port;
    // The worker mints the URLs devices use; they must point at the API, which serves the artifacts.
    worker = await startInProcessWithOverrides({
      role: 'worker',
      database: api.db,
      env: { ...shared, PUBLIC_BASE_URL: `http://127.0.0.1:${port}` },
    });
    db = await BuildsDb.connect(api.db.url);
    await Promise.all(fleet.map((d) => d.connect()));
    await waitUntil(async () => (await db.onlineCount(fleet.map((d) => d.id))) === fleet.length, 10_000);
  });

  afterAll(async () => {
    await Promise.all(fleet.map((d) => d.close()));
    await db?.end();
    await worker?.close();
    await api?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('schedules on the API, dispatches and distributes on the worker, and ingests progress on the API', async () => {
    const model = await registerModel(api.app, `${PREFIX}-yolo`);
    const res = await request(api.app.getHttpServer())
      .post('/graphql')
      .set(bearer(TEST_ADMIN_API_KEY))
      .send({
        query: `mutation($v: ID!, $s: DeviceSelectorInput!) {
          scheduleEngineBuilds(modelVersionId: $v, recipe: { precision: FP16 }, selector: $s) { builds { id } }
        }`,
        variables: { v: model, s: { deviceIds: fleet.map((d) => d.id) } },
      });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.scheduleEngineBuilds.builds).toHaveLength(2);
    await waitUntil(async () => {
      const rows = await db.deviceEngines(model);
      return rows.length === 4 && rows.every((r) => r.state === 'ready');
    }, 15_000);
    expect((await db.builds(model)).map((b) => b.state)).toEqual(['succeeded', 'succeeded']);
    expect(fleet.flatMap((d) => d.jobsOf('build-engine'))).toHaveLength(2);
    expect(fleet.flatMap((d) => d.jobsOf('fetch-engine'))).toHaveLength(2);
  });
});
