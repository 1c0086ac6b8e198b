import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlPlaneEnv, waitReady } from '../support/control-plane-process.js';
import { gqlOk, graphqlClient } from '../support/graphql-client.js';
import { registerModelOverHttp } from '../support/model-upload.js';
import { freePort, spawnNode, stopProcess, type Spawned } from '../support/processes.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TEST_MQTT_URL, uniqueName } from '../support/test-env.js';
import { waitUntil } from '../support/wait-until.js';

const DEVICES = 50;

/**
 * The built control plane and a simulated fleet of 50 agents as separate processes. The control
 * plane is SIGKILLed in the middle of a staged rollout and started again on the same database,
 * Redis prefix and broker: the rollout resumes where it was, every device ends on the new model,
 * and no device is sent the model twice.
 */
describe('rollout survives a control-plane SIGKILL', () => {
  let db: TestDatabase;
  let client: pg.Client;
  let dir: string;
  let cp: Spawned | undefined;
  let fleet: Spawned | undefined;
  let base = '';
  let env: Record<string, string> = {};
  const prefix = uniqueName('rk').replace(/_/g, '-');

  const startControlPlane = async (): Promise<Spawned> => {
    const proc = spawnNode('apps/control-plane/dist/main.js', [], env);
    await waitReady(base, proc);
    return proc;
  };
  const rolloutRow = async (id: string) =>
    (
      await client.query<{ state: string; current_stage: number; reason: string | null }>(
        'SELECT state, current_stage, reason FROM rollouts WHERE id = $1',
        [id],
      )
    ).rows[0];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jf-rollout-e2e-'));
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      ...controlPlaneEnv(db, uniqueName('jfr'), {
        ARTIFACT_DIR: path.join(dir, 'store'),
        // Fixed across the restart: the engine URLs already sent to devices must stay valid.
        ARTIFACT_TOKEN_SECRET: 'e2e-rollout-artifact-secret-0123456789abcdef',
        PUBLIC_BASE_URL: base,
        ROLLOUT_TICK_MS: '300',
        BUILD_WATCHDOG_MS: '300',
        // A build that finished while the control plane was dead is asked again soon.
        BUILD_RESEND_SILENT_SEC: '3',
        TELEMETRY_FLUSH_MS: '100',
        DB_AUTO_MIGRATE: 'false',
      }),
      PORT: String(port),
    };
    cp = await startControlPlane();
    fleet = spawnNode(
      'device-agent/dist/cli/main.js',
      [
        'fleet',
        '--devices',
        String(DEVICES),
        '--mqtt-url',
        TEST_MQTT_URL,
        '--heartbeat',
        '1',
        '--prefix',
        prefix,
        '--time-factor',
        '0.001',
        '--work-dir',
        path.join(dir, 'fleet'),
        '--signing-key-url',
        `${base}/signing-key`,
      ],
      {},
    );
    await waitUntil(
      async () =>
        (
          await client.query<{ n: number }>('SELECT count(*)::int AS n FROM devices WHERE online AND id LIKE $1', [
            `${prefix}-%`,
          ])
        ).rows[0]?.n === DEVICES,
      30_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\nfleet output:\n${fleet?.output() ?? ''}`);
    });
  }, 120_000);

  afterAll(async () => {
    await stopProcess(fleet);
    await stopProcess(cp);
    await client?.end();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('resumes exactly where it was: every device updated once, none forgotten', async () => {
    const model = await registerModelOverHttp(base, `${prefix}-yolo`, '1.0.0', { fp32Ap50: 0.62 });
    const ids = (
      await client.query<{ id: string }>('SELECT id FROM devices WHERE id LIKE $1 ORDER BY id', [`${prefix}-%`])
    ).rows.map((r) => r.id);
    const created = await gqlOk(
      graphqlClient(base),
      `mutation ($input: CreateRolloutInput!) { createRollout(input: $input) { id } }`,
      {
        input: {
          name: 'kill test',
          modelVersionId: model,
          recipe: { precision: 'FP16' },
          selector: { deviceIds: ids },
          stages: [
            { percent: 10, bakeSec: 1 },
            { percent: 40, bakeSec: 2 },
            { percent: 100, bakeSec: 0 },
          ],
          gates: { minSamplesPerDevice: 2, evaluationTimeoutSec: 60, enforcePowerBudget: false },
          maxConcurrent: 5,
        },
      },
    );
    const id = (created.createRollout as { id: string }).id;

    // Kill it while the second stage is under way (some of its devices sent, some not).
    await waitUntil(async () => (await rolloutRow(id))?.current_stage === 1, 60_000);
    await waitUntil(
      async () =>
        (
          await client.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM rollout_devices WHERE rollout_id = $1 AND stage_idx = 1 AND desired_rev IS NOT NULL`,
            [id],
          )
        ).rows[0]?.n ?? 0,
      30_000,
      20,
    );
    await stopProcess(cp, 'SIGKILL');
    const atKill = await rolloutRow(id);
    expect(atKill?.state).toBe('running');
    const sentAtKill = (
      await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM rollout_devices WHERE rollout_id = $1 AND desired_rev IS NOT NULL',
        [id],
      )
    ).rows[0]?.n;
    expect(sentAtKill).toBeLessThan(DEVICES);

    cp = await startControlPlane();
    await waitUntil(
      async () => ['completed', 'failed', 'paused'].includes((await rolloutRow(id))?.state ?? ''),
      90_000,
    ).catch(async (err: Error) => {
      const states = await client.query(
        'SELECT stage_idx, state, count(*)::int AS n FROM rollout_devices WHERE rollout_id = $1 GROUP BY 1, 2',
        [id],
      );
      throw new Error(
        `${err.message}: ${JSON.stringify({ rollout: await rolloutRow(id), deployments: states.rows })}\n${cp?.output().slice(-3000) ?? ''}`,
      );
    });
    const offline = await client.query(
      `SELECT id, offline_reason, status_changed_at, last_seen_at FROM devices WHERE id LIKE $1 AND NOT online`,
      [`${prefix}-%`],
    );
    expect(await rolloutRow(id), JSON.stringify(offline.rows.slice(0, 5))).toMatchObject({
      state: 'completed',
      reason: null,
    });

    // A device the restarted control plane briefly saw as offline may still be converging when the
    // rollout completes (offline devices do not hold a stage); its report still closes its deployment.
    const deployments = await waitUntil(async () => {
      const rows = (
        await client.query<{ device_id: string; state: string }>(
          'SELECT device_id, state FROM rollout_devices WHERE rollout_id = $1',
          [id],
        )
      ).rows;
      if (rows.length === DEVICES && rows.every((d) => d.state === 'healthy')) return rows;
      const reported = await client.query(
        `SELECT d.device_id, d.state, d.desired_rev, r.applied_rev, r.target_rev, r.phase, r.error, dev.online
           FROM rollout_devices d LEFT JOIN device_reported r USING (device_id) LEFT JOIN devices dev ON dev.id = d.device_id
          WHERE d.rollout_id = $1 AND d.state <> 'healthy'`,
        [id],
      );
      throw new Error(JSON.stringify(reported.rows.slice(0, 5)));
    }, 30_000);
    expect(deployments).toHaveLength(DEVICES);
    // One desired document per device in its whole life: nobody was sent the model twice.
    const revs = (
      await client.query<{ rev: string; reported: string }>(
        `SELECT d.rev, r.applied_rev AS reported FROM device_desired d JOIN device_reported r USING (device_id)
          WHERE d.device_id = ANY($1)`,
        [ids],
      )
    ).rows;
    expect(revs).toHaveLength(DEVICES);
    expect(revs.every((r) => Number(r.rev) === 1 && Number(r.reported) === 1)).toBe(true);
    const stages = (
      await client.query<{ state: string }>('SELECT state FROM rollout_stages WHERE rollout_id = $1 ORDER BY idx', [id])
    ).rows;
    expect(stages.map((s) => s.state)).toEqual(['passed', 'passed', 'passed']);
    expect((await request(base).get('/health/ready')).status).toBe(200);
  }, 200_000);
});
