import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceAgent, FleetSimulator, SimulatedAdapter, profileForIndex } from '../../../device-agent/src/index.js';
import { graphqlClient, gqlOk, type Gql } from '../../../test/support/graphql-client.js';
import { startInProcess, type InProcessControlPlane } from '../../../test/support/in-process-control-plane.js';
import { freePort } from '../../../test/support/processes.js';
import { TEST_MQTT_URL, uniqueName } from '../../../test/support/test-env.js';
import { waitUntil } from '../../../test/support/wait-until.js';
import { SigningKeyService } from '../src/signing/signing-key.service.js';
import { registerModel } from './builds.fixtures.js';
import { RolloutsDb } from './rollouts.fixtures.js';

const PREFIX = uniqueName('ro').replace(/_/g, '-');
const DEVICES = 54;
const TAG = `fleet-${PREFIX}`;
const TAG_DEVICE = `mutation ($id: ID!, $tags: [String!]!) { setDeviceTags(id: $id, tags: $tags) { id } }`;

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

  const rollout = async (id: string) =>
    (await gqlOk(gql, ROLLOUT, { id })).rollout as {
      state: string;
      currentStage: number;
      reason: string | null;
      stages: { index: number; state: string; deviceCount: number | null }[];
      counts: { state: string; devices: number }[];
      gateEvaluations: {
        stage: number;
        outcome: string;
        summary: string;
        checks: { name: string; verdict: string }[];
      }[];
    };
  const create = async (input: Record<string, unknown>) =>
    ((await gqlOk(gql, CREATE, { input })).createRollout as { id: string }).id;
  /** Waits for one of `states`; on timeout the error carries where the rollout stood. */
  const waitState = (id: string, states: string[], ms = 60_000) =>
    waitUntil(async () => {
      if (states.includes((await db.rollout(id)).state)) return true;
      const deployments = await db.deployments(id);
      throw new Error(
        JSON.stringify({
          rollout: await db.rollout(id),
          deployments: deployments.slice(0, 8),
          evaluations: (await db.evaluations(id)).slice(-1),
          builds: await db.builds(),
        }),
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
      // Pinned as at enrollment: every document of these rollouts must be signed by this control plane.
      signingPublicKeyPem: cp.app.get(SigningKeyService).publicKey().publicKeyPem,
    });
    ids = fleet.deviceIds;
    await fleet.start();
    await waitUntil(async () => (await db.onlineCount(ids)) === DEVICES, 20_000);
    // Tagged so that a selector by tag takes exactly this file's devices (the broker is shared).
    for (const id of ids) await gqlOk(gql, TAG_DEVICE, { id, tags: [TAG] });
  }, 60_000);

  let late: DeviceAgent | undefined;

  afterAll(async () => {
    await late?.stop();
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

  it('rolls a good model out in three stages, each judged by its gates, including a device that joined mid-way', async () => {
    goodVersion = await registerModel(cp.app, `${PREFIX}-yolo`, { version: '1.0.0', simHints: { fp32Ap50: 0.62 } });
    const id = await create({
      name: 'yolo 1.0.0',
      modelVersionId: goodVersion,
      recipe: { precision: 'FP16' },
      selector: { tags: [TAG] },
      stages: stagesInput,
      gates,
    });
    // A device joins the target after the rollout started: the next stage takes it in.
    await waitUntil(async () => (await db.deployments(id)).length > 0, 20_000);
    const lateId = `${PREFIX}-late`;
    late = new DeviceAgent(
      {
        deviceId: lateId,
        mqttUrl: TEST_MQTT_URL,
        heartbeatSec: 1,
        workDir: path.join(dir, 'late'),
        signingPublicKeyPem: cp.app.get(SigningKeyService).publicKey().publicKeyPem,
      },
      new SimulatedAdapter({ ...profileForIndex(1), timeFactor: 0.001 }),
    );
    late.start();
    await waitUntil(async () => (await db.onlineCount([lateId])) === 1, 10_000);
    await gqlOk(gql, TAG_DEVICE, { id: lateId, tags: [TAG] });

    await waitState(id, ['completed', 'failed', 'paused', 'rolling_back'], 60_000);
    const view = await rollout(id);
    const failures = (await db.deployments(id)).filter((d) => d.state !== 'healthy');
    expect(view.reason, JSON.stringify(failures)).toBeNull();
    expect(view.state).toBe('completed');
    expect(view.stages.map((s) => s.state)).toEqual(['passed', 'passed', 'passed']);
    // Stratified canaries: 10% of 54 is 6 devices, spread over the hardware classes.
    expect(view.stages[0]?.deviceCount).toBeGreaterThanOrEqual(3);
    expect(view.stages.reduce((n, s) => n + (s.deviceCount ?? 0), 0)).toBe(DEVICES + 1);
    expect(view.counts).toEqual([{ state: 'healthy', devices: DEVICES + 1 }]);
    expect((await db.deployments(id)).find((d) => d.device_id === lateId)?.stage_idx).toBeGreaterThan(0);
    const passes = view.gateEvaluations.filter((e) => e.outcome === 'pass');
    expect(passes.map((e) => e.stage)).toEqual([0, 1, 2]);
    for (const d of [...ids, lateId]) {
      const agent = d === lateId ? late : fleet.agent(d);
      expect(agent.activeModel?.modelVersionId).toBe(goodVersion);
    }
    expect(fleet.agents.every((a) => a.verifierStats().secure && a.verifierStats().accepted >= 1)).toBe(true);
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

  it('pauses (nothing is judged while paused), resumes, refuses a conflicting rollout, and aborts', async () => {
    const v3 = await registerModel(cp.app, `${PREFIX}-yolo`, { version: '3.0.0', simHints: { fp32Ap50: 0.621 } });
    const id = await create({
      name: 'yolo 3.0.0',
      modelVersionId: v3,
      recipe: { precision: 'FP16' },
      selector: { deviceIds: ids },
      stages: [
        { percent: 10, bakeSec: 2 },
        { percent: 100, bakeSec: 0 },
      ],
      gates,
      autoPromote: false,
    });
    await gqlOk(gql, `mutation ($id: ID!) { pauseRollout(id: $id, reason: "night freeze") { state reason } }`, { id });
    expect(await db.rollout(id)).toMatchObject({ state: 'paused', reason: 'night freeze' });
    // Longer than the bake: a paused rollout is never judged nor promoted.
    await new Promise((r) => setTimeout(r, 3500));
    expect(await db.evaluations(id)).toEqual([]);
    expect((await rollout(id)).stages[0]?.state).not.toBe('passed');

    const conflict = await gql(CREATE, {
      input: {
        name: 'other',
        modelVersionId: v3,
        recipe: { precision: 'FP16' },
        selector: { deviceIds: ids },
        stages: stagesInput,
      },
    });
    expect(conflict.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(conflict.errors?.[0]?.message).toMatch(/already in an active rollout/);

    await gqlOk(gql, `mutation ($id: ID!) { resumeRollout(id: $id) { state } }`, { id });
    await waitState(id, ['awaiting_approval'], 60_000);
    expect((await rollout(id)).stages.map((s) => s.state)).toEqual(['passed', 'pending']);

    await gqlOk(gql, `mutation ($id: ID!) { abortRollout(id: $id) { state } }`, { id });
    const view = await rollout(id);
    expect(view.state).toBe('aborted');
    expect(view.stages.map((s) => s.state)).toEqual(['passed', 'pending']);
    const deployments = await db.deployments(id);
    expect(deployments.every((d) => d.stage_idx === 0)).toBe(true);
    // Resuming an aborted rollout is refused with its state named.
    const again = await gql(`mutation ($id: ID!) { resumeRollout(id: $id) { state } }`, { id });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(again.errors?.[0]?.message).toMatch(/is aborted/);
  }, 120_000);

  it('rollbackRollout sends every device the rollout updated back to what it ran before', async () => {
    const v4 = await registerModel(cp.app, `${PREFIX}-yolo`, { version: '4.0.0', simHints: { fp32Ap50: 0.622 } });
    const before = new Map(ids.map((d) => [d, fleet.activeModel(d)?.modelVersionId]));
    const id = await create({
      name: 'yolo 4.0.0',
      modelVersionId: v4,
      recipe: { precision: 'FP16' },
      selector: { deviceIds: ids },
      stages: [
        { percent: 20, bakeSec: 0 },
        { percent: 100, bakeSec: 0 },
      ],
      gates,
      autoPromote: false,
    });
    await waitState(id, ['awaiting_approval'], 60_000);
    const updated = (await db.deployments(id)).map((d) => d.device_id);
    for (const d of updated) expect(fleet.activeModel(d)?.modelVersionId).toBe(v4);
    await gqlOk(gql, `mutation ($id: ID!) { rollbackRollout(id: $id) { state } }`, { id });
    await waitState(id, ['rolled_back'], 60_000);
    expect((await db.deployments(id)).every((d) => d.state === 'rolled_back' && d.rollback_rev !== null)).toBe(true);
    for (const d of ids) expect(fleet.activeModel(d)?.modelVersionId).toBe(before.get(d));
  }, 120_000);

  it('sets a power mode by name across modules, refusing modules without it and modes that need a reboot', async () => {
    const SET = `mutation ($selector: TargetSelectorInput!, $mode: String!, $allowReboot: Boolean) {
      setPowerMode(selector: $selector, mode: $mode, allowReboot: $allowReboot) { id pending applied refused devices { deviceId state reason modeId } } }`;
    const STATUS = `query ($id: ID!) { powerModeRequest(id: $id) { pending applied refused failed devices { deviceId state modeId } } }`;
    const nx = (await db.devicesOf(ids, 'orin-nx-16gb')).slice(0, 3);
    const nano = (await db.devicesOf(ids, 'nano-4gb')).slice(0, 2);
    expect(nx.length).toBeGreaterThan(0);
    const res = (await gqlOk(gql, SET, { selector: { deviceIds: [...nx, ...nano] }, mode: '10W' })).setPowerMode as {
      id: string;
      refused: number;
      devices: { deviceId: string; state: string; reason: string | null; modeId: number | null }[];
    };
    // "10W" is mode 1 on an Orin NX 16GB; a Nano has no such mode.
    expect(res.refused).toBe(nano.length);
    for (const d of res.devices) {
      if (nx.includes(d.deviceId)) expect(d).toMatchObject({ state: 'pending', modeId: 1 });
      else expect(d.reason).toMatch(/has no power mode 10W/);
    }
    await waitUntil(
      async () =>
        ((await gqlOk(gql, STATUS, { id: res.id })).powerModeRequest as { applied: number }).applied === nx.length,
      20_000,
    );
    for (const d of nx) expect((await fleet.adapter(d).powerMode())?.name).toBe('10W');

    const reboot = await gql(SET, { selector: { deviceIds: nx }, mode: 'MAXN' });
    expect(reboot.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(reboot.errors?.[0]?.message).toMatch(/needs a reboot/);
  }, 60_000);
});
