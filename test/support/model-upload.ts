import request from 'supertest';
import { buildOnnxModel } from '../../apps/control-plane/src/artifacts/onnx/onnx-builder.util.js';
import { gqlOk, graphqlClient } from './graphql-client.js';
import { TEST_ADMIN_API_KEY } from './test-env.js';

/**
 * Registers a model version the way an operator does against a running control plane: an upload
 * token over GraphQL, the ONNX bytes over HTTP, then `registerModelVersion`. Returns its id.
 */
export async function registerModelOverHttp(
  base: string,
  name: string,
  version: string,
  simHints?: Record<string, number>,
): Promise<string> {
  const gql = graphqlClient(base);
  const grant = (await gqlOk(gql, `mutation { createUploadToken(kind: ONNX) { uploadUrl } }`)).createUploadToken as {
    uploadUrl: string;
  };
  const onnx = buildOnnxModel({
    irVersion: 8,
    opset: 17,
    inputs: [{ name: 'images', dims: [1, 3, 640, 640] }],
    outputs: [{ name: 'output0', dims: [1, 84, 8400] }],
    weights: [{ name: `${name}.${version}.w`, bytes: 4096 }],
  });
  const url = new URL(grant.uploadUrl);
  const put = await request(base)
    .put(`${url.pathname}${url.search}`)
    .set('authorization', `Bearer ${TEST_ADMIN_API_KEY}`)
    .set('content-type', 'application/octet-stream')
    .send(onnx);
  if (put.status >= 300) throw new Error(`upload refused: ${put.status} ${JSON.stringify(put.body)}`);
  const sha256 = (put.body as { sha256: string }).sha256;
  const registered = await gqlOk(
    gql,
    `mutation ($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { id } }`,
    { input: { modelName: name, version, onnxSha256: sha256, ...(simHints ? { simHints } : {}) } },
  );
  return (registered.registerModelVersion as { id: string }).id;
}
