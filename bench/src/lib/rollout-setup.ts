// What an operator does before a rollout, through the public API: upload an ONNX model, register a
// version, and have one device per compatibility class build its engine (answered by the fleet
// responder, which uploads the engine like a real builder). Done before any clock starts, so the
// rollouts measured find their engines built, as on a fleet where the model was built beforehand.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { BenchContext } from './context.js';
import type { ControlPlaneProcess } from './control-plane.js';
import { graphql, uploadArtifact } from './operator.js';
import { WORK_DIR, importRepo } from './paths.js';
import { freePort, type BenchDatabase, type Broker } from './services.js';
import { queryOnce, waitForCount } from './wait.js';

export const BENCH_RECIPE = { precision: 'FP16' } as const;

/** Registers `name` 1.0.0 and waits until every class of `builderIds` has a succeeded engine build. */
export async function registerModelWithEngines(
  baseUrl: string,
  dbUrl: string,
  name: string,
  builderIds: string[],
): Promise<string> {
  const { buildOnnxModel } = await importRepo<
    typeof import('../../../apps/control-plane/src/artifacts/onnx/onnx-builder.util.js')
  >('apps/control-plane/dist/artifacts/onnx/onnx-builder.util.js');
  const onnx = buildOnnxModel({
    irVersion: 8,
    opset: 17,
    inputs: [{ name: 'images', dims: [1, 3, 640, 640] }],
    outputs: [{ name: 'output0', dims: [1, 84, 8400] }],
    weights: [{ name: `${name}.w`, bytes: 4096 }],
  });
  const onnxSha256 = await uploadArtifact(baseUrl, 'ONNX', onnx);
  const registered = await graphql<{ registerModelVersion: { id: string } }>(
    baseUrl,
    'mutation ($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { id } }',
    { input: { modelName: name, version: '1.0.0', onnxSha256 } },
  );
  const modelVersionId = registered.registerModelVersion.id;
  const scheduled = await graphql<{ scheduleEngineBuilds: { builds: { id: string }[] } }>(
    baseUrl,
    `
      mutation ($m: ID!, $r: BuildRecipeInput!, $s: DeviceSelectorInput!) {
        scheduleEngineBuilds(modelVersionId: $m, recipe: $r, selector: $s) {
          builds {
            id
          }
        }
      }
    `,
    { m: modelVersionId, r: BENCH_RECIPE, s: { deviceIds: builderIds } },
  );
  const classes = scheduled.scheduleEngineBuilds.builds.length;
  const count = (state: string) => async (): Promise<number> =>
    Number(
      (
        await queryOnce<{ n: string }>(
          dbUrl,
          'SELECT count(*) AS n FROM engine_builds WHERE model_version_id = $1 AND state = $2',
          [modelVersionId, state],
        )
      )[0]?.n ?? 0,
    );
  const done = await waitForCount(count('succeeded'), classes, { idleMs: 60_000, timeoutMs: 90_000, intervalMs: 200 });
  if (!done.complete) {
    const rows = await queryOnce(
      dbUrl,
      'SELECT state, compat_key, error FROM engine_builds WHERE model_version_id = $1',
      [modelVersionId],
    );
    throw new Error(`engine builds did not all succeed: ${JSON.stringify(rows)}`);
  }
  return modelVersionId;
}

export interface RolloutControlPlane {
  api: ControlPlaneProcess;
  worker: ControlPlaneProcess;
  baseUrl: string;
}

/**
 * The control plane as deployed for rollouts: an `api` process (GraphQL, ingest of reports and
 * telemetry, artifact HTTP) and a `worker` process (rollout steps, builds), sharing the database,
 * broker, queue prefix, artifact store and artifact-token secret.
 */
export async function startRolloutControlPlane(
  ctx: BenchContext,
  db: BenchDatabase,
  broker: Broker,
  env: Record<string, string> = {},
): Promise<RolloutControlPlane> {
  const artifactDir = path.join(WORK_DIR, `artifacts-${ctx.name}-${ctx.runId}`);
  mkdirSync(artifactDir, { recursive: true });
  ctx.defer(() => Promise.resolve(rmSync(artifactDir, { recursive: true, force: true })));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const shared = {
    ARTIFACT_DIR: artifactDir,
    PUBLIC_BASE_URL: baseUrl,
    ARTIFACT_TOKEN_SECRET: randomBytes(32).toString('hex'),
    // The engine builds of the set-up dispatch without waiting for the 5 s default tick.
    BUILD_WATCHDOG_MS: '500',
    ...env,
  };
  const api = await ctx.controlPlane({ db, broker, role: 'api', port, env: shared });
  const worker = await ctx.controlPlane({ db, broker, role: 'worker', env: shared });
  return { api, worker, baseUrl };
}
