import { mkdtemp, rm } from 'node:fs/promises';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { graphqlClient, wsConnectionParams, type Gql } from '../../../test/support/graphql-client.js';
import { startInProcess, type InProcessControlPlane } from '../../../test/support/in-process-control-plane.js';
import { uniqueName } from '../../../test/support/test-env.js';
import { waitUntil } from '../../../test/support/wait-until.js';
import { BuildsDb, SimDevice, registerModel, type HardwareKind } from './builds.fixtures.js';

const PREFIX = uniqueName('bld').replace(/_/g, '-');

/** 37 devices: three compatibility classes (Orin NX and Orin Nano share one) and one that reports no SM arch. */
const FLEET: [HardwareKind, number][] = [
  ['orinNx', 10],
  ['orinNano', 6],
  ['xavierNx', 10],
  ['agxOrinJp6', 10],
  ['unreported', 1],
];

const BUILD_FIELDS = `id modelVersionId recipeHash compatKey state builderDeviceId attempt maxAttempts triedDevices
  progressPct error engineSha256 engineSizeBytes logTail durationMs queuedAt dispatchedAt startedAt finishedAt
  recipe { precision shapes { input } dlaCore cudaGraph }
  perf { trtVersion throughputQps latencyMs { name ms } gpuComputeMs { name ms } }
  deviceEngines { deviceId state engineSha256 error compatKey }`;

const SCHEDULE = `mutation($v: ID!, $r: BuildRecipeInput!, $s: DeviceSelectorInput!, $local: Boolean) {
  scheduleEngineBuilds(modelVersionId: $v, recipe: $r, selector: $s, allowLocalFallback: $local) {
    modelVersionId recipeHash deviceCount createdBuildIds unkeyedDeviceIds localBuildDeviceIds
    builds { id compatKey state builderDeviceId }
  }
}`;

describe('engine builds over a simulated fleet (PostgreSQL, Redis, Mosquitto, BullMQ)', () => {
  let cp: InProcessControlPlane;
  let db: BuildsDb;
  let dir: string;
  let fleet: SimDevice[];
  let plainModel: string;
  const server = () => cp.app.getHttpServer() as http.Server;
  const gql: Gql = (query, variables) => graphqlClient(cp.app)(query, variables);
  const ids = (kinds: HardwareKind[]) => fleet.filter((d) => kinds.includes(d.kind)).map((d) => d.id);
  const schedule = (v: string, recipe: Record<string, unknown>, selector: Record<string, unknown>, local = false) =>
    gql(SCHEDULE, { v, r: recipe, s: selector, local });
  const build = async (id: string) =>
    (await gql(`query($id: ID!) { engineBuild(id: $id) { ${BUILD_FIELDS} } }`, { id })).data?.engineBuild;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jf-builds-'));
    cp = await startInProcess({
      ARTIFACT_DIR: dir,
      LOG_LEVEL: 'error',
      BUILD_WATCHDOG_MS: '200',
      BUILD_RETRY_BACKOFF_MS: '100',
      BUILD_TIMEOUT_SEC: '120',
    });
    db = await BuildsDb.connect(cp.db.url);
    let n = 0;
    fleet = FLEET.flatMap(([kind, count]) =>
      Array.from({ length: count }, () => new SimDevice(`${PREFIX}-${kind}-${String(n++).padStart(2, '0')}`, kind)),
    );
    await Promise.all(fleet.map((d) => d.connect()));
    await waitUntil(async () => (await db.onlineCount(fleet.map((d) => d.id))) === fleet.length, 10_000);
    plainModel = await registerModel(cp.app, `${PREFIX}-yolov8n`);
  });

  afterAll(async () => {
    await Promise.all((fleet ?? []).map((d) => d.close()));
    await db?.end();
    await cp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses recipes that cannot work, with every reason, before anything is scheduled', async () => {
    const everyone = { deviceIds: fleet.map((d) => d.id) };
    const int8 = await schedule(plainModel, { precision: 'INT8' }, everyone);
    expect(int8.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(int8.errors?.[0]?.extensions?.details.issues.map((i: { code: string }) => i.code)).toEqual([
      'int8_without_calibration',
    ]);

    const dla = await schedule(plainModel, { precision: 'FP16', dlaCore: 0, gpuFallback: true }, everyone);
    expect(dla.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(dla.errors?.[0]?.message).toContain('these selected modules have no DLA: orin-nano-8gb');

    const shapes = { input: 'images', min: [1, 3, 320, 320], opt: [1, 3, 640, 640], max: [4, 3, 640, 640] };
    const staticShapes = await schedule(plainModel, { precision: 'FP16', shapes }, everyone);
    expect(staticShapes.errors?.[0]?.message).toContain('input "images" is static (1x3x640x640)');

    const all = await schedule(plainModel, { precision: 'INT8', dlaCore: 0, shapes }, everyone);
    expect(all.errors?.[0]?.extensions?.details.issues.map((i: { code: string }) => i.code).sort()).toEqual([
      'dla_unavailable',
      'int8_without_calibration',
      'shapes_on_static_input',
    ]);

    const negative = await schedule(plainModel, { precision: 'FP16', memPoolMiB: -5 }, everyone);
    expect(negative.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknownVersion = await schedule('00000000-0000-4000-8000-000000000000', { precision: 'FP16' }, everyone);
    expect(unknownVersion.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const nobody = await schedule(plainModel, { precision: 'FP16' }, { module: 'no-such-module' });
    expect(nobody.errors?.[0]?.message).toBe('the selector matches no devices');

    expect(await db.count('engine_builds')).toBe(0);
    expect(await db.count('device_engines')).toBe(0);
  });

  it('builds exactly once per class and every device ends with the engine of its class', async () => {
    const port = (server().address() as AddressInfo).port;
    const ws = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      connectionParams: wsConnectionParams(),
    });
    const events: { buildId: string; state: string; progressPct: number | null }[] = [];
    ws.subscribe<{ buildProgress: (typeof events)[number] }>(
      { query: 'subscription { buildProgress { buildId state progressPct attempt builderDeviceId at } }' },
      { next: (m) => m.data && events.push(m.data.buildProgress), error: () => undefined, complete: () => undefined },
    );
    await new Promise((r) => setTimeout(r, 500));

    const res = await schedule(plainModel, { precision: 'FP16' }, { deviceIds: fleet.map((d) => d.id) });
    expect(res.errors).toBeUndefined();
    const scheduled = res.data?.scheduleEngineBuilds;
    expect(scheduled.deviceCount).toBe(37);
    expect(scheduled.unkeyedDeviceIds).toEqual(ids(['unreported']));
    expect(scheduled.builds.map((b: { compatKey: string }) => b.compatKey)).toEqual([
      'sm7.2|trt8.5.2|FP16|gpu|shapes:static|plugins:none',
      'sm8.7|trt10.3.0|FP16|gpu|shapes:static|plugins:none',
      'sm8.7|trt8.6.2|FP16|gpu|shapes:static|plugins:none',
    ]);
    expect(scheduled.createdBuildIds).toHaveLength(3);

    const keyed = fleet.filter((d) => d.kind !== 'unreported');
    await waitUntil(async () => {
      const rows = await db.deviceEngines(plainModel);
      return rows.length === keyed.length && rows.every((r) => r.state === 'ready');
    }, 20_000);

    const builds = await db.builds(plainModel);
    expect(builds).toHaveLength(3);
    const builders = new Set(builds.map((b) => b.builder_device_id as string));
    for (const b of builds) {
      expect(b).toMatchObject({ state: 'succeeded', attempt: 1, progress_pct: 100, error: null, duration_ms: 91_500 });
      expect(b.tried_devices).toEqual([]);
      expect(b.perf).toMatchObject({ throughputQps: 412.7, latencyMs: { mean: 2.42 } });
      expect(b.log_tail).toContain('PASSED');
      const times = [b.queued_at, b.dispatched_at, b.started_at, b.finished_at].map((t) => t?.getTime() ?? 0);
      expect(times.every((t) => t > 0)).toBe(true);
      expect([...times].sort((x, y) => x - y)).toEqual(times);
    }
    // One build-engine job per class, all on distinct builders; everybody else fetched exactly once.
    const buildJobs = keyed.flatMap((d) => d.jobsOf('build-engine').map(() => d.id));
    expect(buildJobs.sort()).toEqual([...builders].sort());
    for (const d of keyed) {
      expect(d.jobsOf('fetch-engine')).toHaveLength(builders.has(d.id) ? 0 : 1);
    }
    const rows = await db.deviceEngines(plainModel);
    for (const r of rows) {
      const own = builds.find((b) => b.compat_key === r.compat_key);
      expect(r.engine_sha256).toBe(own?.engine_sha256);
    }
    expect(new Set(builds.map((b) => b.engine_sha256)).size).toBe(3);
    expect(fleet.find((d) => d.kind === 'unreported')?.jobs).toEqual([]);

    const listed = await gql(
      `query($v: ID!) { engineBuilds(filter: { modelVersionId: $v, state: SUCCEEDED }) { ${BUILD_FIELDS} } }`,
      { v: plainModel },
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data?.engineBuilds).toHaveLength(3);
    const orin = listed.data?.engineBuilds.find((b: { compatKey: string }) => b.compatKey.startsWith('sm8.7|trt10'));
    expect(orin.deviceEngines).toHaveLength(16);
    expect(orin.perf.latencyMs).toContainEqual({ name: 'mean', ms: 2.42 });
    const byClass = await gql(`query($k: String!) { engineBuilds(filter: { compatKey: $k }) { id } }`, {
      k: orin.compatKey,
    });
    expect(byClass.data?.engineBuilds).toEqual([{ id: orin.id }]);

    await waitUntil(() => events.filter((e) => e.state === 'SUCCEEDED').length === 3, 5000);
    const seen = events.filter((e) => e.buildId === orin.id).map((e) => e.state);
    expect(seen[0]).toBe('QUEUED');
    expect(seen).toContain('DISPATCHED');
    expect(seen).toContain('BUILDING');
    expect(seen.at(-1)).toBe('SUCCEEDED');
    await ws.dispose();
  });

  it('scheduling again reuses the engines: no new build, nothing sent to devices that have it', async () => {
    const before = fleet.reduce((n, d) => n + d.jobs.length, 0);
    const res = await schedule(plainModel, { precision: 'FP16' }, { deviceIds: ids(['orinNx', 'xavierNx']) });
    expect(res.errors).toBeUndefined();
    expect(res.data?.scheduleEngineBuilds.createdBuildIds).toEqual([]);
    expect(res.data?.scheduleEngineBuilds.builds.map((b: { state: string }) => b.state)).toEqual([
      'SUCCEEDED',
      'SUCCEEDED',
    ]);
    await new Promise((r) => setTimeout(r, 600));
    expect(fleet.reduce((n, d) => n + d.jobs.length, 0)).toBe(before);
    expect(await db.builds(plainModel)).toHaveLength(3);
  });

  it('sends the calibration set and the shape profile of a valid INT8 dynamic-shape recipe to the builder', async () => {
    const calibrated = await registerModel(cp.app, `${PREFIX}-yolov8s-dyn`, { dynamic: true, calibration: true });
    const noShapes = await schedule(
      calibrated,
      { precision: 'INT8', calibration: {} },
      { deviceIds: ids(['orinNano']) },
    );
    expect(noShapes.errors?.[0]?.extensions?.details.issues).toEqual([
      { code: 'dynamic_input_without_shapes', message: 'input "images" is dynamic and needs min/opt/max shapes' },
    ]);
    const shapes = { input: 'images', min: [1, 3, 320, 320], opt: [1, 3, 640, 640], max: [4, 3, 640, 640] };
    const recipe = { precision: 'INT8', calibration: { method: 'MINMAX' }, shapes };
    const res = await schedule(calibrated, recipe, { deviceIds: ids(['orinNano']) });
    expect(res.errors).toBeUndefined();
    const [scheduled] = res.data?.scheduleEngineBuilds.builds as { id: string; compatKey: string }[];
    expect(scheduled?.compatKey).toBe(
      'sm8.7|trt10.3.0|INT8|gpu|shapes:images=1x3x320x320/1x3x640x640/4x3x640x640|plugins:none',
    );
    const done = await waitUntil(async () => {
      const b = await build(scheduled?.id as string);
      return b?.state === 'SUCCEEDED' && b.deviceEngines.every((e: { state: string }) => e.state === 'READY')
        ? b
        : null;
    }, 10_000);
    const job = fleet.flatMap((d) => d.jobsOf('build-engine')).find((j) => j.jobId === `build.${done.id}.1`);
    const params = job?.params as Record<string, any>;
    expect(params.recipe).toEqual({ precision: 'INT8', calibration: { method: 'minmax' }, shapes });
    expect(params.calibration.sha256).toMatch(/^[a-f0-9]{64}$/);
    expect(params.engineUploadUrl).toContain('/artifacts/uploads?kind=engine');
    expect(done.deviceEngines).toHaveLength(6);
  });

  it('cancels a running build, tells its builder, and ignores a late success', async () => {
    const xaviers = fleet.filter((d) => d.kind === 'xavierNx');
    for (const d of xaviers) d.behaviour = { build: 'hang', fetch: 'complete' };
    const res = await schedule(plainModel, { precision: 'FP16', cudaGraph: true }, { deviceIds: ids(['xavierNx']) });
    expect(res.errors).toBeUndefined();
    const id = res.data?.scheduleEngineBuilds.builds[0].id as string;
    const running = await waitUntil(async () => {
      const b = await build(id);
      return b?.state === 'BUILDING' ? b : null;
    }, 5000);
    expect(running.progressPct).toBe(10);
    const builder = xaviers.find((d) => d.id === running.builderDeviceId) as SimDevice;

    const cancelled = await gql(`mutation($id: ID!) { cancelEngineBuild(id: $id) { id state finishedAt } }`, { id });
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data?.cancelEngineBuild.state).toBe('CANCELLED');
    const cancelJob = await waitUntil(() => builder.jobsOf('cancel')[0], 5000);
    expect(cancelJob.params).toEqual({ jobId: `build.${id}.1` });

    // The builder reports success after all: too late, the build stays cancelled.
    await builder.progress(`build.${id}.1`, 'succeeded', { result: { bogus: true } });
    await new Promise((r) => setTimeout(r, 500));
    const after = await build(id);
    expect(after.state).toBe('CANCELLED');
    expect(after.deviceEngines.every((e: { state: string }) => e.state === 'FAILED')).toBe(true);
    expect(after.deviceEngines[0].error).toContain(`build ${id} cancelled`);
    expect(xaviers.flatMap((d) => d.jobsOf('build-engine')).filter((j) => j.jobId.includes(id))).toHaveLength(1);

    const again = await gql(`mutation($id: ID!) { cancelEngineBuild(id: $id) { state } }`, { id });
    expect(again.data?.cancelEngineBuild.state).toBe('CANCELLED');
    const succeededId = (await db.builds(plainModel)).find((b) => b.state === 'succeeded')?.id as string;
    const conflict = await gql(`mutation($id: ID!) { cancelEngineBuild(id: $id) { state } }`, { id: succeededId });
    expect(conflict.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const missing = await gql(`mutation { cancelEngineBuild(id: "nope") { state } }`);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    for (const d of xaviers) d.behaviour = { build: 'complete', fetch: 'complete' };
  });
  it('counts an engine download that a device refused for a wrong sha256, and marks only that device failed', async () => {
    const [a, b] = fleet.filter((d) => d.kind === 'xavierNx');
    const modelId = await registerModel(cp.app, `${PREFIX}-digest`);
    b!.behaviour = { build: 'complete', fetch: 'corrupt' };
    a!.behaviour = { build: 'complete', fetch: 'corrupt' };
    const refused = async () =>
      (
        (await gql('{ artifactStats { downloadsRefused { key count } } }')).data?.artifactStats.downloadsRefused as {
          key: string;
          count: number;
        }[]
      ).find((r) => r.key === 'device_sha256_mismatch')?.count ?? 0;
    const before = await refused();
    const res = await schedule(modelId, { precision: 'FP16' }, { deviceIds: [a!.id, b!.id] });
    expect(res.errors).toBeUndefined();
    const rows = await waitUntil(async () => {
      const r = await db.deviceEngines(modelId);
      return r.length === 2 && r.some((x) => x.state === 'failed') && r.some((x) => x.state === 'ready') ? r : null;
    }, 15_000);
    const failed = rows.find((r) => r.state === 'failed');
    expect(failed?.error).toMatch(/sha256 mismatch/);
    expect(await refused()).toBe(before + 1);
    for (const d of [a!, b!]) d.behaviour = { build: 'complete', fetch: 'complete' };
  });
});
