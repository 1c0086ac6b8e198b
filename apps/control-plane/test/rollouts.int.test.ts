import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetSimulator } from '../../../device-agent/src/index.js';
import { graphqlClient, gqlOk, type Gql } from '../../../test/support/graphql-client.js';
import { startInProcess, type InProcessControlPlane } from '../../../test/support/in-process-control-plane.js';
import { freePort } from '../../../test/support/processes.js';
import { TEST_MQTT_URL, uniqueName } from '../../../test/support/test-env.js';
import { waitUntil } from '../../../test/support/wait-until.js';
import { registerModel } from './builds.fixtures.js';
import { RolloutsDb } from './rollouts.fixtures.js';

const PREFIX = uniqueName('ro').replace(/_/g, '-');
const DEVICES = 54;

const CREATE = `mutation ($input: CreateRolloutInput!) { createRollout(input: $input) { id state currentStage } }`;
const ROLLOUT = `query ($id: ID!) { rollout(id: $id) {
  id state currentStage reason
  stages { index state deviceCount }
  counts { state devices }
  gateEvaluations { stage outcome summary checks { name group canary baseline value threshold verdict } }
} }`;

/** Staged rollouts on a simulated fleet of 54 agents over several hardware classes, against the real control plane. */
describe('staged canary rollouts', () => {
  let cp: InProcessControlPlane;
  let db: RolloutsDb;
  let dir: string;
  let fleet: FleetSimulator;
  let gql: Gql;
  let ids: string[];

  const rollout = async (id: string) => (await gqlOk(gql, ROLLOUT, { id })).rollout as {
    state: string;
    currentStage: number;
    reason: string | null;
    stages: { index: number; state: string; deviceCount: number | null }[];
    counts: { state: string; devices: number }[];
    gateEvaluations: { stage: number; outcome: string; summary: string; checks: { name: string; verdict: string }[] }[];
  };
  const create = async (input: Record<string, unknown>) =>
    ((await gqlOk(gql, CREATE, { input })).createRollout as { id: string }).id;
  /** Waits for one of `states`; on timeout the error carries where the rollout stood. */
  const waitState = (id: string, states: string[], ms = 60_000) =>
    waitUntil(async () => {
      if (states.includes((await db.rollout(id)).state)) return true;
      const deployments = await db.deployments(id);
      throw new Error(
        JSON.stringify({ rollout: await db.rollout(id), deployments: deployments.slice(0, 8), evaluations: (await db.evaluations(id)).slice(-1), builds: await db.builds() }),
      );
    }, ms);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jf-rollouts-'));
    const port = await freePort();
    cp = await startInProcess({
      ARTIFACT_DIR: path.join(dir, 'store'),
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
      BUILD_WATCHDOG_MS: '200',
      ROLLOUT_TICK_MS: '300',
      TELEMETRY_FLUSH_MS: '100',
    });
    gql = graphqlClient(cp.app);
    db = await RolloutsDb.connect(cp.db.url);
    fleet = new FleetSimulator({
      devices: DEVICES,
      mqttUrl: TEST_MQTT_URL,
      heartbeatSec: 1,
      idPrefix: PREFIX,
      timeFactor: 0.001,
      workDir: path.join(dir, 'fleet'),
    });
    ids = fleet.deviceIds;
    await fleet.start();
    await waitUntil(async () => (await db.onlineCount(ids)) === DEVICES, 20_000);
  }, 60_000);

  afterAll(async () => {
    await fleet?.stop();
    await db?.end();
    await cp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const stagesInput = [
    { percent: 10, bakeSec: 1 },
    { percent: 50, bakeSec: 1 },
    { percent: 100, bakeSec: 0 },
  ];
  const gates = { minSamplesPerDevice: 2, evaluationTimeoutSec: 30, enforcePowerBudget: false };

  let goodVersion = '';

  it('rolls a good model out to every device in three stages, each judged by its gates', async () => {
    goodVersion = await registerModel(cp.app, `${PREFIX}-yolo`, { version: '1.0.0', simHints: { fp32Ap50: 0.62 } });
    const id = await create({
      name: 'yolo 1.0.0',
      modelVersionId: goodVersion,
      recipe: { precision: 'FP16' },
      selector: { tags: [], deviceIds: ids },
      stages: stagesInput,
      gates,
    });
    await waitState(id, ['completed', 'failed', 'paused', 'rolling_back'], 60_000);
    const view = await rollout(id);
    const failures = (await db.deployments(id)).filter((d) => d.state !== 'healthy');
    expect(view.reason, JSON.stringify(failures)).toBeNull();
    expect(view.state).toBe('completed');
    expect(view.stages.map((s) => s.state)).toEqual(['passed', 'passed', 'passed']);
    // Stratified canaries: 10% of 54 is 6 devices, at least one per hardware class.
    expect(view.stages[0]?.deviceCount).toBeGreaterThanOrEqual(3);
    expect(view.stages.reduce((n, s) => n + (s.deviceCount ?? 0), 0)).toBe(DEVICES);
    expect(view.counts).toEqual([{ state: 'healthy', devices: DEVICES }]);
    const passes = view.gateEvaluations.filter((e) => e.outcome === 'pass');
    expect(passes.map((e) => e.stage)).toEqual([0, 1, 2]);
    for (const id of ids) expect(fleet.activeModel(id)?.modelVersionId).toBe(goodVersion);
  }, 150_000);

  it('stops a model with a large AP50 drop at the canary stage and rolls only the canaries back', async () => {
    const bad = await registerModel(cp.app, `${PREFIX}-yolo`, { version: '2.0.0-bad', simHints: { fp32Ap50: 0.55 } });
    const revsBefore = await db.desiredRevs(ids);
    const id = await create({
      name: 'yolo 2.0.0-bad',
      modelVersionId: bad,
      recipe: { precision: 'FP16' },
      selector: { deviceIds: ids },
      stages: stagesInput,
      gates,
    });
    await waitState(id, ['failed', 'completed', 'paused'], 120_000);
    const view = await rollout(id);
    expect(view.state).toBe('failed');
    expect(view.stages.map((s) => s.state)).toEqual(['failed', 'pending', 'pending']);
    const failedEval = view.gateEvaluations.find((e) => e.outcome === 'fail');
    expect(failedEval?.summary).toMatch(/AP50/);
    expect(failedEval?.checks.some((c) => c.name === 'ap50Drop' && c.verdict === 'fail')).toBe(true);

    const deployments = await db.deployments(id);
    const canaries = deployments.map((d) => d.device_id);
    expect(deployments.every((d) => d.stage_idx === 0 && d.state === 'rolled_back')).toBe(true);
    const revsAfter = await db.desiredRevs(ids);
    for (const device of ids) {
      // Canaries got exactly two documents (the bad model, then the rollback); nobody else got any.
      expect(revsAfter.get(device)).toBe((revsBefore.get(device) ?? 0) + (canaries.includes(device) ? 2 : 0));
      expect(fleet.activeModel(device)?.modelVersionId).toBe(goodVersion);
    }
  }, 150_000);
});
