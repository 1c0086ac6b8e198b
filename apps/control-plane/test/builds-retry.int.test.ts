import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlClient, type Gql } from '../../../test/support/graphql-client.js';
import { startInProcess, type InProcessControlPlane } from '../../../test/support/in-process-control-plane.js';
import { uniqueName } from '../../../test/support/test-env.js';
import { waitUntil } from '../../../test/support/wait-until.js';
import { EngineBuildOutcomes } from '../src/builds/engine-build-outcomes.service.js';
import { BuildsDb, SimDevice, registerModel, type HardwareKind, type SimBehaviour } from './builds.fixtures.js';

const PREFIX = uniqueName('bldr').replace(/_/g, '-');
const TIMEOUT_SEC = 3;
const HANG: SimBehaviour = { build: 'hang', fetch: 'complete' };
const COMPLETE: SimBehaviour = { build: 'complete', fetch: 'complete' };
const FAIL: SimBehaviour = { build: 'fail', fetch: 'complete' };

const BUILD_FIELDS = `id compatKey state builderDeviceId attempt maxAttempts triedDevices error progressPct
  deviceEngines { deviceId state engineSha256 error }`;

describe('engine build retries, timeouts, concurrency and local fallback', () => {
  let cp: InProcessControlPlane;
  let db: BuildsDb;
  let dir: string;
  let model: string;
  const devices = new Map<HardwareKind, SimDevice[]>();
  const gql: Gql = (query, variables) => graphqlClient(cp.app)(query, variables);
  const of = (kind: HardwareKind) => devices.get(kind) ?? [];
  const schedule = async (kind: HardwareKind, recipe: Record<string, unknown>, allowLocalFallback = false) => {
    const res = await gql(
      `mutation($v: ID!, $r: BuildRecipeInput!, $s: DeviceSelectorInput!, $l: Boolean) {
        scheduleEngineBuilds(modelVersionId: $v, recipe: $r, selector: $s, allowLocalFallback: $l) {
          createdBuildIds localBuildDeviceIds builds { id state }
        }
      }`,
      { v: model, r: recipe, s: { deviceIds: of(kind).map((d) => d.id) }, l: allowLocalFallback },
    );
    expect(res.errors).toBeUndefined();
    return res.data?.scheduleEngineBuilds as {
      createdBuildIds: string[];
      localBuildDeviceIds: string[];
      builds: { id: string; state: string }[];
    };
  };
  const build = async (id: string) =>
    (await gql(`query($id: ID!) { engineBuild(id: $id) { ${BUILD_FIELDS} } }`, { id })).data?.engineBuild;
  const waitForBuild = (id: string, test: (b: any) => boolean, ms = 10_000) =>
    waitUntil(async () => {
      const b = await build(id);
      return b && test(b) ? b : null;
    }, ms);
  const setBehaviour = (kind: HardwareKind, b: SimBehaviour) => of(kind).forEach((d) => (d.behaviour = b));

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jf-builds-retry-'));
    cp = await startInProcess({
      ARTIFACT_DIR: dir,
      LOG_LEVEL: 'error',
      BUILD_WATCHDOG_MS: '200',
      BUILD_RETRY_BACKOFF_MS: '100',
      BUILD_TIMEOUT_SEC: String(TIMEOUT_SEC),
      BUILD_MAX_ATTEMPTS: '3',
      BUILD_CONCURRENCY_PER_CLASS: '1',
    });
    db = await BuildsDb.connect(cp.db.url);
    const plan: [HardwareKind, number][] = [
      ['xavierNx', 3],
      ['agxOrinJp6', 3],
      ['orinNx', 4],
      ['orinNano', 3],
    ];
    for (const [kind, count] of plan) {
      devices.set(
        kind,
        Array.from({ length: count }, (_, i) => new SimDevice(`${PREFIX}-${kind}-${i}`, kind)),
      );
    }
    const all = [...devices.values()].flat();
    await Promise.all(all.map((d) => d.connect()));
    await waitUntil(async () => (await db.onlineCount(all.map((d) => d.id))) === all.length, 10_000);
    model = await registerModel(cp.app, `${PREFIX}-rtdetr`);
  });

  afterAll(async () => {
    await Promise.all([...devices.values()].flat().map((d) => d.close()));
    await db?.end();
    await cp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('retries on another device of the class when the builder goes offline mid-build', async () => {
    setBehaviour('xavierNx', HANG);
    const { createdBuildIds } = await schedule('xavierNx', { precision: 'FP16' });
    const id = createdBuildIds[0] as string;
    const first = await waitForBuild(id, (b) => b.state === 'BUILDING');
    const victim = of('xavierNx').find((d) => d.id === first.builderDeviceId) as SimDevice;
    setBehaviour('xavierNx', COMPLETE);
    victim.kill();

    const readyCount = (b: any) => b.deviceEngines.filter((e: { state: string }) => e.state === 'READY').length;
    const done = await waitForBuild(id, (b) => b.state === 'SUCCEEDED' && readyCount(b) === 2);
    expect(done.attempt).toBe(2);
    expect(done.triedDevices).toEqual([victim.id]);
    expect(done.builderDeviceId).not.toBe(victim.id);
    const engines = new Map(done.deviceEngines.map((e: { deviceId: string; state: string }) => [e.deviceId, e.state]));
    expect(engines.get(victim.id)).toBe('PENDING');

    // The lost builder comes back: it fetches the engine its class now has instead of building.
    await victim.connect();
    await waitForBuild(id, (b) => b.deviceEngines.every((e: { state: string }) => e.state === 'READY'));
    expect(victim.jobsOf('fetch-engine')).toHaveLength(1);
  });

  it('times out an attempt that never finishes and retries it elsewhere', async () => {
    setBehaviour('agxOrinJp6', HANG);
    const { createdBuildIds } = await schedule('agxOrinJp6', { precision: 'FP16' });
    const id = createdBuildIds[0] as string;
    const first = await waitForBuild(id, (b) => b.state === 'BUILDING');
    const retried = await waitForBuild(id, (b) => b.attempt === 2 && b.state === 'BUILDING', (TIMEOUT_SEC + 3) * 1000);
    expect(retried.triedDevices).toEqual([first.builderDeviceId]);
    expect(retried.builderDeviceId).not.toBe(first.builderDeviceId);
    expect(retried.error).toBe(`attempt 1 on ${first.builderDeviceId} did not finish within ${TIMEOUT_SEC} s`);
    const second = of('agxOrinJp6').find((d) => d.id === retried.builderDeviceId) as SimDevice;
    await second.completeBuild(`build.${id}.2`);
    const done = await waitForBuild(id, (b) => b.state === 'SUCCEEDED');
    expect(done.builderDeviceId).toBe(second.id);
    expect(done.error).toBeNull();
    setBehaviour('agxOrinJp6', COMPLETE);
  });

  it('fails the build after BUILD_MAX_ATTEMPTS, then lets each device build locally on request', async () => {
    setBehaviour('orinNx', FAIL);
    const { createdBuildIds } = await schedule('orinNx', { precision: 'FP16' });
    const id = createdBuildIds[0] as string;
    const failed = await waitForBuild(id, (b) => b.state === 'FAILED');
    expect(failed.attempt).toBe(3);
    expect(new Set(failed.triedDevices).size).toBe(3);
    expect(failed.error).toMatch(/^attempt 3 on .* failed: trtexec exited with code 1$/);
    const buildJobs = of('orinNx').flatMap((d) => d.jobsOf('build-engine'));
    expect(buildJobs.map((j) => j.jobId).sort()).toEqual([1, 2, 3].map((n) => `build.${id}.${n}`));
    expect(failed.deviceEngines.every((e: { state: string }) => e.state === 'FAILED')).toBe(true);
    expect(failed.deviceEngines[0].error).toContain(`no engine for this class: build ${id} failed`);
    const row = (await db.builds(model)).find((b) => b.id === id);
    expect(row?.log_tail).toContain('out of memory');
    const outcomes = await cp.app.get(EngineBuildOutcomes).recent(new Date(Date.now() - 60_000));
    expect(outcomes.get(failed.builderDeviceId)).toContainEqual({
      jobId: `build.${id}.3`,
      succeeded: false,
      finishedAt: expect.any(Date),
      message: failed.error,
    });

    setBehaviour('orinNx', COMPLETE);
    const local = await schedule('orinNx', { precision: 'FP16' }, true);
    expect(local.createdBuildIds).toEqual([]);
    expect(local.localBuildDeviceIds).toEqual(of('orinNx').map((d) => d.id));
    const after = await waitForBuild(id, (b) =>
      b.deviceEngines.every((e: { state: string }) => e.state === 'BUILT_LOCALLY'),
    );
    expect(after.state).toBe('FAILED');
    for (const d of of('orinNx')) {
      const localJob = d.jobsOf('build-engine').find((j) => j.jobId === `local.${id}`);
      expect(localJob?.params.engineUploadUrl).toBeUndefined();
      expect(localJob?.params.onnx).toBeDefined();
    }

    // Without the fallback, scheduling again means a fresh shared build for the class.
    const fresh = await schedule('orinNx', { precision: 'FP16' });
    expect(fresh.createdBuildIds).toHaveLength(1);
    await waitForBuild(fresh.createdBuildIds[0] as string, (b) => b.state === 'SUCCEEDED');
  });

  it('runs at most BUILD_CONCURRENCY_PER_CLASS builds of a class at once', async () => {
    setBehaviour('orinNano', HANG);
    const a = (await schedule('orinNano', { precision: 'FP16', cudaGraph: true })).createdBuildIds[0] as string;
    const b = (await schedule('orinNano', { precision: 'FP16', timingCache: true })).createdBuildIds[0] as string;
    await waitForBuild(a, (x) => x.state === 'BUILDING');
    await new Promise((r) => setTimeout(r, 800));
    expect((await build(b)).state).toBe('QUEUED');
    await gql(`mutation($id: ID!) { cancelEngineBuild(id: $id) { state } }`, { id: a });
    const second = await waitForBuild(b, (x) => x.state === 'BUILDING');
    expect(second.attempt).toBe(1);
    await gql(`mutation($id: ID!) { cancelEngineBuild(id: $id) { state } }`, { id: b });
  });
});
