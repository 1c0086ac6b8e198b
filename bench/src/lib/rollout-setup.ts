// What an operator does before a rollout, through the public API: upload an ONNX model, register a
// version, and have one device per compatibility class build its engine (answered by the fleet
// responder, which uploads the engine like a real builder). Done before any clock starts, so the
// rollouts measured find their engines built, as on a fleet where the model was built beforehand.
import { graphql, uploadArtifact } from './operator.js';
import { importRepo } from './paths.js';
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
    `mutation ($m: ID!, $r: BuildRecipeInput!, $s: DeviceSelectorInput!) {
       scheduleEngineBuilds(modelVersionId: $m, recipe: $r, selector: $s) { builds { id } } }`,
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
    const rows = await queryOnce(dbUrl, 'SELECT state, compat_key, error FROM engine_builds WHERE model_version_id = $1', [
      modelVersionId,
    ]);
    throw new Error(`engine builds did not all succeed: ${JSON.stringify(rows)}`);
  }
  return modelVersionId;
}
