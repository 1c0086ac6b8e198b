import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactKind } from '../src/artifacts/artifact-kind.constant.js';
import { ArtifactService } from '../src/artifacts/artifact.service.js';
import { signArtifactToken } from '../src/artifacts/artifact-token.util.js';
import { buildOnnxModel } from '../src/artifacts/onnx/onnx-builder.util.js';
import { bearer, graphqlClient, type Gql } from '../../../test/support/graphql-client.js';
import { TEST_ADMIN_API_KEY } from '../../../test/support/test-env.js';
import { startInProcess, type InProcessControlPlane } from '../../../test/support/in-process-control-plane.js';
import { waitUntil } from '../../../test/support/wait-until.js';

const SECRET = 'integration-test-secret-0123456789abcdef';
const MAX_BYTES = 256 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const onnx = buildOnnxModel({
  inputs: [{ name: 'images', dims: [1, 3, 640, 640] }],
  outputs: [{ name: 'output0', dims: [1, 84, 8400] }],
  weights: [{ name: 'w0', bytes: 20_000 }],
});
const binary = (res: any, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};
const past = () => Math.floor(Date.now() / 1000) - 5;

describe('artifact uploads and downloads (PostgreSQL, HTTP)', () => {
  let cp: InProcessControlPlane;
  let dir: string;
  let sql: pg.Pool;
  let artifacts: ArtifactService;
  const server = () => cp.app.getHttpServer() as http.Server;
  const gql: Gql = (query, variables) => graphqlClient(cp.app)(query, variables);
  const uploadToken = async (kind: 'ONNX' | 'CALIBRATION' | 'GOLDEN') =>
    (
      await gql(`mutation($k: UploadKind!) { createUploadToken(kind: $k) { token uploadUrl expiresAt kind } }`, {
        k: kind,
      })
    ).data?.createUploadToken as { token: string; uploadUrl: string; expiresAt: string; kind: string };
  // Operators authenticate with their API key and pass the upload token in the query string.
  const put = (kind: string, token: string | null, body: Buffer, headers: Record<string, string> = {}) => {
    const query = new URLSearchParams({ kind, ...(token ? { token } : {}) });
    const req = request(server())
      .put(`/artifacts/uploads?${query.toString()}`)
      .set(bearer(TEST_ADMIN_API_KEY))
      .set('Content-Type', 'application/octet-stream');
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    return req.send(body);
  };
  const storedFiles = async () =>
    (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  const refusals = async () =>
    (await gql('{ artifactStats { uploadsAccepted uploadsRefused { key count } downloadsRefused { key count } } }'))
      .data?.artifactStats as {
      uploadsAccepted: number;
      uploadsRefused: { key: string; count: number }[];
      downloadsRefused: { key: string; count: number }[];
    };
  const count = (list: { key: string; count: number }[], key: string) => list.find((c) => c.key === key)?.count ?? 0;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jf-artifacts-'));
    cp = await startInProcess({
      ARTIFACT_DIR: dir,
      ARTIFACT_TOKEN_SECRET: SECRET,
      ARTIFACT_MAX_BYTES: String(MAX_BYTES),
      LOG_LEVEL: 'error',
    });
    sql = new pg.Pool({ connectionString: cp.db.url });
    artifacts = cp.app.get(ArtifactService);
  });

  afterAll(async () => {
    await sql?.end();
    await cp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts an ONNX upload with a token from createUploadToken, once per content', async () => {
    const grant = await uploadToken('ONNX');
    expect(grant.kind).toBe('ONNX');
    expect(new Date(grant.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const first = await put('onnx', grant.token, onnx, { 'X-Content-SHA256': sha(onnx) });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ sha256: sha(onnx), sizeBytes: onnx.length, kind: 'onnx' });
    expect(await storedFiles()).toEqual([sha(onnx)]);

    // The URL carries its token, as engine uploads from builder devices use it; an operator adds the key.
    const url = new URL(grant.uploadUrl);
    expect(url.pathname).toBe('/artifacts/uploads');
    const again = await request(server())
      .put(`${url.pathname}${url.search}`)
      .set(bearer(TEST_ADMIN_API_KEY))
      .set('Content-Type', 'application/octet-stream')
      .send(onnx);
    expect(again.status).toBe(200);
    expect(again.body.sha256).toBe(sha(onnx));
    const rows = await sql.query('SELECT kind, size_bytes FROM artifacts WHERE sha256 = $1', [sha(onnx)]);
    expect(rows.rows).toEqual([{ kind: 'onnx', size_bytes: String(onnx.length) }]);
  });

  it('refuses garbage as INVALID_ONNX with the parse reason, keeps nothing and counts it', async () => {
    const before = count((await refusals()).uploadsRefused, 'INVALID_ONNX');
    const garbage = Buffer.from('definitely not a protobuf, just some text that someone renamed to .onnx\n');
    const res = await put('onnx', (await uploadToken('ONNX')).token, garbage);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('INVALID_ONNX');
    expect(res.body.message).toMatch(/^not a valid ONNX model: /);
    expect(res.body.details.parseError).toBeTruthy();
    expect((await sql.query('SELECT 1 FROM artifacts WHERE sha256 = $1', [sha(garbage)])).rowCount).toBe(0);
    expect(await storedFiles()).not.toContain(sha(garbage));
    expect(count((await refusals()).uploadsRefused, 'INVALID_ONNX')).toBe(before + 1);
  });

  it('refuses a body whose digest is not X-Content-SHA256 and stores nothing', async () => {
    const golden = Buffer.from('golden set bytes');
    const res = await put('golden', (await uploadToken('GOLDEN')).token, golden, {
      'X-Content-SHA256': 'ab'.repeat(32),
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'DIGEST_MISMATCH', details: { computedSha256: sha(golden) } });
    expect(res.body.message).toContain('nothing was stored');
    expect((await sql.query('SELECT 1 FROM artifacts WHERE sha256 = $1', [sha(golden)])).rowCount).toBe(0);
    expect(await storedFiles()).not.toContain(sha(golden));
    expect(count((await refusals()).uploadsRefused, 'DIGEST_MISMATCH')).toBe(1);
  });

  it('refuses missing, bad, expired and wrongly scoped upload tokens', async () => {
    const body = Buffer.from('calibration images');
    const missing = await put('calibration', null, body);
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('UNAUTHENTICATED');
    expect(missing.headers['www-authenticate']).toContain('Bearer');

    const forged = await put(
      'calibration',
      signArtifactToken({ typ: 'upload', kind: ArtifactKind.Calibration, exp: past() + 600 }, 'x'.repeat(40)),
      body,
    );
    expect(forged.status).toBe(401);
    expect(forged.body.message).toMatch(/not valid \(bad signature\)/);

    const expired = await put(
      'calibration',
      signArtifactToken({ typ: 'upload', kind: ArtifactKind.Calibration, exp: past() }, SECRET),
      body,
    );
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('TOKEN_EXPIRED');
    expect(expired.body.message).toMatch(/expired at .*ask for a new one/);

    const wrongKind = await put('calibration', (await uploadToken('GOLDEN')).token, body);
    expect(wrongKind.status).toBe(403);
    expect(wrongKind.body.message).toBe('the upload token is for golden artifacts, not calibration');

    const downloadToken = new URL(artifacts.createDownloadUrl(sha(body))).searchParams.get('token') as string;
    expect((await put('calibration', downloadToken, body)).status).toBe(403);

    const badKind = await put('weights', (await uploadToken('GOLDEN')).token, body);
    expect(badKind.status).toBe(400);
    expect(badKind.body.message).toMatch(/kind must be one of onnx, calibration, golden, engine/);

    const stats = await refusals();
    expect(count(stats.uploadsRefused, 'UNAUTHENTICATED')).toBe(2);
    expect(count(stats.uploadsRefused, 'TOKEN_EXPIRED')).toBe(1);
    expect(count(stats.uploadsRefused, 'FORBIDDEN')).toBe(2);
    expect((await sql.query('SELECT 1 FROM artifacts WHERE sha256 = $1', [sha(body)])).rowCount).toBe(0);
  });

  it('refuses an upload over ARTIFACT_MAX_BYTES, declared or streamed', async () => {
    const big = Buffer.alloc(MAX_BYTES + 1, 1);
    const declared = await put('calibration', (await uploadToken('CALIBRATION')).token, big);
    expect(declared.status).toBe(413);
    expect(declared.body.code).toBe('PAYLOAD_TOO_LARGE');

    // Chunked, without Content-Length: refused once the stream passes the limit.
    const { port } = server().address() as AddressInfo;
    const token = (await uploadToken('CALIBRATION')).token;
    const streamed = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = http.request(
        {
          port,
          method: 'PUT',
          path: `/artifacts/uploads?kind=calibration&token=${encodeURIComponent(token)}`,
          headers: bearer(TEST_ADMIN_API_KEY),
        },
        (res) => binary(res, (_e, b) => resolve({ status: res.statusCode ?? 0, body: JSON.parse(b.toString()) })),
      );
      req.on('error', reject);
      for (let i = 0; i < 5; i++) req.write(Buffer.alloc(64 * 1024, i));
      req.end();
    });
    expect(streamed.status).toBe(413);
    expect(streamed.body.message).toBe(`the upload is larger than the limit of ${MAX_BYTES} bytes`);
    expect(count((await refusals()).uploadsRefused, 'PAYLOAD_TOO_LARGE')).toBe(2);
    expect(await storedFiles()).toEqual([sha(onnx)]);
  });

  it('counts an upload the client abandons and leaves no partial file', async () => {
    const { port } = server().address() as AddressInfo;
    const token = (await uploadToken('CALIBRATION')).token;
    const req = http.request({
      port,
      method: 'PUT',
      path: `/artifacts/uploads?kind=calibration&token=${encodeURIComponent(token)}`,
      headers: { ...bearer(TEST_ADMIN_API_KEY), 'Content-Length': '100000' },
    });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(30_000, 3));
    await waitUntil(async () => (await readdir(path.join(dir, 'tmp'))).length === 1, 5000);
    req.destroy();
    await waitUntil(async () => count((await refusals()).uploadsRefused, 'UPLOAD_ABORTED') === 1, 5000);
    expect(await readdir(path.join(dir, 'tmp'))).toEqual([]);
  });

  it('serves a download with a valid token: exact bytes, digest, ETag and length', async () => {
    const url = new URL(artifacts.createDownloadUrl(sha(onnx), { deviceId: 'jetson-7', ttlSec: 60 }));
    expect(url.pathname).toBe(`/artifacts/${sha(onnx)}`);
    const res = await request(server()).get(`${url.pathname}${url.search}`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(Buffer.compare(res.body as Buffer, onnx)).toBe(0);
    expect(res.headers['x-content-sha256']).toBe(sha(onnx));
    expect(res.headers.etag).toBe(`"${sha(onnx)}"`);
    expect(res.headers['content-length']).toBe(String(onnx.length));
    expect(res.headers['accept-ranges']).toBe('bytes');

    const head = await request(server())
      .head(`/artifacts/${sha(onnx)}`)
      .set('Authorization', `Bearer ${url.searchParams.get('token')}`);
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(onnx.length));

    const ref = await artifacts.createArtifactRef(sha(onnx));
    expect(ref).toMatchObject({ sha256: sha(onnx), sizeBytes: onnx.length });
  });

  it('resumes with Range requests (206, Content-Range, the right bytes)', async () => {
    const token = new URL(artifacts.createDownloadUrl(sha(onnx))).searchParams.get('token') as string;
    const get = (range: string, extra: Record<string, string> = {}) =>
      request(server())
        .get(`/artifacts/${sha(onnx)}`)
        .set('Authorization', `Bearer ${token}`)
        .set('Range', range)
        .set(extra)
        .buffer(true)
        .parse(binary);
    const head = await get('bytes=0-999');
    expect(head.status).toBe(206);
    expect(head.headers['content-range']).toBe(`bytes 0-999/${onnx.length}`);
    expect(head.headers['content-length']).toBe('1000');
    const rest = await get('bytes=1000-', { 'If-Range': `"${sha(onnx)}"` });
    expect(rest.status).toBe(206);
    expect(rest.headers['content-range']).toBe(`bytes 1000-${onnx.length - 1}/${onnx.length}`);
    const whole = Buffer.concat([head.body as Buffer, rest.body as Buffer]);
    expect(sha(whole)).toBe(rest.headers['x-content-sha256']);

    const tail = await get('bytes=-10');
    expect(Buffer.compare(tail.body as Buffer, onnx.subarray(-10))).toBe(0);
    const stale = await get('bytes=1000-', { 'If-Range': '"something-else"' });
    expect(stale.status).toBe(200);
    const outside = await get(`bytes=${onnx.length}-`);
    expect(outside.status).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${onnx.length}`);
  });

  it('refuses a token for another artifact, an expired one, a wrong device; 404 for an unknown artifact', async () => {
    const other = 'cd'.repeat(32);
    const otherToken = new URL(artifacts.createDownloadUrl(other)).searchParams.get('token') as string;
    const wrong = await request(server()).get(`/artifacts/${sha(onnx)}?token=${otherToken}`);
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('FORBIDDEN');
    expect(wrong.body.message).toMatch(/the token grants artifact cdcdcdcdcdcd…, not /);

    const expired = signArtifactToken({ typ: 'download', sha256: sha(onnx), exp: past() }, SECRET);
    const late = await request(server()).get(`/artifacts/${sha(onnx)}?token=${expired}`);
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('TOKEN_EXPIRED');

    const bound = new URL(artifacts.createDownloadUrl(sha(onnx), { deviceId: 'jetson-1' }));
    const otherDevice = await request(server()).get(`${bound.pathname}${bound.search}`).set('X-Device-Id', 'jetson-2');
    expect(otherDevice.status).toBe(403);

    const unknown = await request(server()).get(`/artifacts/${other}?token=${otherToken}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ARTIFACT_NOT_FOUND');

    expect((await request(server()).get(`/artifacts/${sha(onnx)}`)).status).toBe(401);
    const stats = await refusals();
    expect(count(stats.downloadsRefused, 'FORBIDDEN')).toBe(2);
    expect(count(stats.downloadsRefused, 'TOKEN_EXPIRED')).toBe(1);
    expect(count(stats.downloadsRefused, 'ARTIFACT_NOT_FOUND')).toBe(1);
  });

  it('refuses the same bytes uploaded as another kind', async () => {
    const res = await put('golden', (await uploadToken('GOLDEN')).token, onnx);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'KIND_CONFLICT', details: { storedKind: 'onnx', uploadedKind: 'golden' } });
  });
});
