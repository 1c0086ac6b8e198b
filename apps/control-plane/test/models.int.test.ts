import { mkdtemp, rm } from 'node:fs/promises';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactService } from '../src/artifacts/artifact.service.js';
import { buildOnnxModel } from '../src/artifacts/onnx/onnx-builder.util.js';
import { ModelService } from '../src/models/model.service.js';
import { bearer, graphqlClient, type Gql } from '../../../test/support/graphql-client.js';
import { TEST_ADMIN_API_KEY } from '../../../test/support/test-env.js';
import { startInProcess, type InProcessControlPlane } from '../../../test/support/in-process-control-plane.js';

type Kind = 'ONNX' | 'CALIBRATION' | 'GOLDEN';

const staticOnnx = buildOnnxModel({
  irVersion: 8,
  opset: 17,
  inputs: [{ name: 'images', dims: [1, 3, 640, 640] }],
  outputs: [{ name: 'output0', dims: [1, 84, 8400] }],
  weights: [{ name: 'backbone.w', bytes: 8192 }],
});
const dynamicOnnx = buildOnnxModel({
  irVersion: 9,
  opset: 19,
  inputs: [{ name: 'images', elemType: 10, dims: ['batch', 3, 'height', 'width'] }],
  outputs: [{ name: 'output0', elemType: 10, dims: ['batch', 84, null] }],
});

const VERSION_FIELDS = `id modelName version onnxSha256 inputDescription calibrationSha256 goldenSha256
  simHints { fp32Ap50 int8ExtraDrop latencyScale powerScale }
  onnx { irVersion opset opsetImports { domain version } inputs { name elemType dims { value param } dynamic }
         outputs { name elemType dims { value param } dynamic } }`;

describe('model registry (PostgreSQL, HTTP uploads, GraphQL)', () => {
  let cp: InProcessControlPlane;
  let dir: string;
  const server = () => cp.app.getHttpServer() as http.Server;
  const gql: Gql = (query, variables) => graphqlClient(cp.app)(query, variables);
  const upload = async (kind: Kind, body: Buffer): Promise<string> => {
    const grant = await gql('mutation($k: UploadKind!) { createUploadToken(kind: $k) { token } }', { k: kind });
    // The operator's key authenticates; the upload token rides in the query string.
    const token = encodeURIComponent(grant.data?.createUploadToken.token as string);
    const res = await request(server())
      .put(`/artifacts/uploads?kind=${kind.toLowerCase()}&token=${token}`)
      .set(bearer(TEST_ADMIN_API_KEY))
      .set('Content-Type', 'application/octet-stream')
      .send(body);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body.sha256 as string;
  };
  const register = (input: Record<string, unknown>) =>
    gql(`mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { ${VERSION_FIELDS} } }`, {
      input,
    });

  let staticSha: string;
  let dynamicSha: string;
  let calibrationSha: string;
  let goldenSha: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jf-models-'));
    cp = await startInProcess({ ARTIFACT_DIR: dir, LOG_LEVEL: 'error' });
    staticSha = await upload('ONNX', staticOnnx);
    dynamicSha = await upload('ONNX', dynamicOnnx);
    calibrationSha = await upload('CALIBRATION', Buffer.from('calibration tarball'));
    goldenSha = await upload('GOLDEN', Buffer.from('golden set with labels'));
  });

  afterAll(async () => {
    await cp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('registers a version from an uploaded ONNX and stores what the file says', async () => {
    const res = await register({
      modelName: 'yolov8n',
      version: '1.0.0',
      onnxSha256: staticSha,
      inputDescription: 'RGB 640x640, letterboxed, scaled 0-1',
      calibrationSha256: calibrationSha,
      goldenSha256: goldenSha,
      simHints: { fp32Ap50: 0.712, int8ExtraDrop: 0.002 },
    });
    expect(res.errors).toBeUndefined();
    const version = res.data?.registerModelVersion;
    expect(version).toMatchObject({
      modelName: 'yolov8n',
      version: '1.0.0',
      onnxSha256: staticSha,
      calibrationSha256: calibrationSha,
      goldenSha256: goldenSha,
      simHints: { fp32Ap50: 0.712, int8ExtraDrop: 0.002, latencyScale: null, powerScale: null },
    });
    expect(version.onnx).toEqual({
      irVersion: 8,
      opset: 17,
      opsetImports: [{ domain: 'ai.onnx', version: 17 }],
      inputs: [
        {
          name: 'images',
          elemType: 'FLOAT',
          dims: [1, 3, 640, 640].map((value) => ({ value, param: null })),
          dynamic: false,
        },
      ],
      outputs: [
        {
          name: 'output0',
          elemType: 'FLOAT',
          dims: [1, 84, 8400].map((value) => ({ value, param: null })),
          dynamic: false,
        },
      ],
    });

    const fetched = await gql(`query($id: ID!) { modelVersion(id: $id) { ${VERSION_FIELDS} } }`, { id: version.id });
    expect(fetched.data?.modelVersion).toEqual(version);
    const record = await cp.app.get(ModelService).getVersion(version.id as string);
    expect(record?.onnx.inputs[0]?.dims).toEqual([1, 3, 640, 640].map((value) => ({ value, param: null })));
  });

  it('reads a dynamic model again from the store when it is not cached', async () => {
    const service: unknown = cp.app.get(ArtifactService);
    (service as { onnxInfos: Map<string, unknown> }).onnxInfos.clear();
    const res = await register({ modelName: 'yolov8n', version: '1.1.0-dynamic', onnxSha256: dynamicSha });
    expect(res.errors).toBeUndefined();
    const onnx = res.data?.registerModelVersion.onnx;
    expect(onnx.irVersion).toBe(9);
    expect(onnx.opset).toBe(19);
    expect(onnx.inputs).toEqual([
      {
        name: 'images',
        elemType: 'FLOAT16',
        dims: [
          { value: null, param: 'batch' },
          { value: 3, param: null },
          { value: null, param: 'height' },
          { value: null, param: 'width' },
        ],
        dynamic: true,
      },
    ]);
    expect(onnx.outputs[0].dims[2]).toEqual({ value: null, param: null });
  });

  it('lists models with their versions, newest first', async () => {
    await register({ modelName: 'rtdetr-l', version: '2024.1', onnxSha256: staticSha });
    const res = await gql(
      '{ models { name versions { version } } model(name: "yolov8n") { name versions { version onnx { opset } } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.models).toEqual([
      { name: 'rtdetr-l', versions: [{ version: '2024.1' }] },
      { name: 'yolov8n', versions: [{ version: '1.1.0-dynamic' }, { version: '1.0.0' }] },
    ]);
    expect(res.data?.model.versions).toEqual([
      { version: '1.1.0-dynamic', onnx: { opset: 19 } },
      { version: '1.0.0', onnx: { opset: 17 } },
    ]);
    expect((await gql('{ model(name: "nope") { name } }')).data?.model).toBeNull();
    expect((await gql('{ modelVersion(id: "not-a-uuid") { id } }')).data?.modelVersion).toBeNull();
  });

  it('refuses a duplicate version with CONFLICT', async () => {
    const res = await register({ modelName: 'yolov8n', version: '1.0.0', onnxSha256: dynamicSha });
    expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(res.errors?.[0]?.message).toBe('model "yolov8n" already has a version "1.0.0"');
  });

  it('refuses artifacts of the wrong kind and unknown artifacts', async () => {
    const wrongCalibration = await register({
      modelName: 'yolov8s',
      version: '1',
      onnxSha256: staticSha,
      calibrationSha256: goldenSha,
    });
    expect(wrongCalibration.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(wrongCalibration.errors?.[0]?.message).toBe(
      `calibrationSha256: artifact ${goldenSha} was uploaded as golden, but a calibration artifact is needed`,
    );
    const notOnnx = await register({ modelName: 'yolov8s', version: '1', onnxSha256: calibrationSha });
    expect(notOnnx.errors?.[0]?.message).toMatch(/^onnxSha256: .* uploaded as calibration/);
    const unknown = await register({ modelName: 'yolov8s', version: '1', onnxSha256: 'ef'.repeat(32) });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const invalid = await register({
      modelName: 'a b',
      version: '1',
      onnxSha256: staticSha,
      simHints: { powerScale: -1 },
    });
    expect(invalid.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(invalid.errors?.[0]?.message).toMatch(/modelName .*; simHints.powerScale must be between 0.01 and 100/);
    expect((await gql('{ model(name: "yolov8s") { name } }')).data?.model).toBeNull();
  });
});
