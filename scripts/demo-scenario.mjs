// The demo's scenario, driven through the public API exactly as an operator would: register a
// model, roll it out in stages (5% → 25% → 100%) with live progress, then a bad model that the
// canary gates stop and roll back, printing the numbers that stopped it.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const time = () => new Date().toISOString().slice(11, 19);

export function scenario({ base, apiKey, expectDevices, log = console.log }) {
  const gql = async (query, variables = {}) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data;
  };

  const registerModel = async (name, version, simHints) => {
    const { buildOnnxModel } = await import('../apps/control-plane/dist/artifacts/onnx/onnx-builder.util.js');
    const onnx = buildOnnxModel({
      irVersion: 8,
      opset: 17,
      inputs: [{ name: 'images', dims: [1, 3, 640, 640] }],
      outputs: [{ name: 'output0', dims: [1, 84, 8400] }],
      weights: [{ name: `${name}.${version}.w`, bytes: 64 * 1024 }],
    });
    const { createUploadToken } = await gql('mutation { createUploadToken(kind: ONNX) { uploadUrl } }');
    const put = await fetch(createUploadToken.uploadUrl, {
      method: 'PUT',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/octet-stream' },
      body: onnx,
    });
    if (!put.ok) throw new Error(`ONNX upload refused: HTTP ${put.status} ${await put.text()}`);
    const { sha256 } = await put.json();
    const { registerModelVersion } = await gql(
      'mutation ($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { id } }',
      { input: { modelName: name, version, onnxSha256: sha256, simHints } },
    );
    log(`${time()}  registered ${name} ${version} (onnx ${sha256.slice(0, 12)}…)`);
    return registerModelVersion.id;
  };

  const ROLLOUT = `query ($id: ID!) { rollout(id: $id) {
    state currentStage reason
    stages { index state deviceCount spec { percent } }
    counts { state devices }
    gateEvaluations { stage outcome summary checks { name group canary baseline threshold verdict } }
  } }`;

  const fmt = (v, digits = 2) => (v === null || v === undefined ? '–' : Number(v).toFixed(digits));

  const watch = async (id, label) => {
    let last = '';
    for (;;) {
      const { rollout: r } = await gql(ROLLOUT, { id });
      const stage = r.stages[r.currentStage];
      const counts = r.counts.map((c) => `${c.state} ${c.devices}`).join(' · ');
      const line = `${label}: ${r.state} · stage ${r.currentStage + 1}/${r.stages.length} (${stage?.spec.percent ?? '?'}%) ${stage?.state ?? ''} · ${counts}`;
      if (line !== last) log(`${time()}  ${line}`);
      last = line;
      if (['completed', 'failed', 'rolled_back', 'aborted', 'paused'].includes(r.state)) return r;
      await sleep(1000);
    }
  };

  const printGates = (r) => {
    for (const e of r.gateEvaluations.filter((g) => g.outcome !== 'pending')) {
      log(`   stage ${e.stage + 1}: ${e.outcome.toUpperCase()} — ${e.summary}`);
      const shown = e.checks.filter(
        (k) =>
          k.verdict === 'fail' ||
          (k.verdict === 'pass' && ['ap50Drop', 'latencyP95Ratio', 'powerBudget'].includes(k.name)),
      );
      for (const c of shown.slice(0, 12)) {
        log(
          `     ${c.verdict.padEnd(12)} ${c.name.padEnd(16)} ${String(c.group ?? 'stage').padEnd(30)} canary ${fmt(c.canary, 3)} baseline ${fmt(c.baseline, 3)} limit ${fmt(c.threshold, 3)}`,
        );
      }
    }
  };

  const rollout = async (name, modelVersionId, deviceIds) => {
    const { createRollout } = await gql(
      'mutation ($input: CreateRolloutInput!) { createRollout(input: $input) { id } }',
      {
        input: {
          name,
          modelVersionId,
          recipe: { precision: 'FP16' },
          selector: { deviceIds },
          stages: [
            { percent: 5, bakeSec: 3 },
            { percent: 25, bakeSec: 3 },
            { percent: 100, bakeSec: 0 },
          ],
          gates: { minSamplesPerDevice: 2, maxAp50Drop: 0.01, evaluationTimeoutSec: 120 },
          maxConcurrent: 20,
        },
      },
    );
    return createRollout.id;
  };

  return async () => {
    let ids = [];
    for (let i = 0; i < 120; i++) {
      const { devices } = await gql('{ devices(first: 500) { edges { node { id online } } } }');
      ids = devices.edges
        .map((e) => e.node)
        .filter((d) => d.online && d.id.startsWith('demo-'))
        .map((d) => d.id);
      if (ids.length >= expectDevices) break;
      await sleep(1000);
    }
    log(`\n${time()}  ── scenario: ${ids.length} devices online; staged rollout of a good model ──`);
    const good = await registerModel('yolov8n', `1.0.${Date.now() % 100000}`, { fp32Ap50: 0.62 });
    const r1 = await watch(await rollout('yolov8n good', good, ids), 'good model');
    printGates(r1);
    log(`\n${time()}  ── a bad model: AP50 about 7 points lower; the canary gate must stop it ──`);
    const bad = await registerModel('yolov8n', `2.0.${Date.now() % 100000}-bad`, { fp32Ap50: 0.55 });
    const r2 = await watch(await rollout('yolov8n bad', bad, ids), 'bad model');
    printGates(r2);
    const rolledBack = r2.counts.find((c) => c.state === 'rolled_back')?.devices ?? 0;
    log(
      `${time()}  bad model ${r2.state}: ${r2.reason ?? ''}\n${time()}  ${rolledBack} canary device(s) rolled back to the previous engine; the other ${ids.length - rolledBack} were never touched.\n`,
    );
  };
}
