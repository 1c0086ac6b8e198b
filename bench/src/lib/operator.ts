// The operator's side of the control plane for benchmarks that drive it like a user: GraphQL with
// an admin API key, and artifact uploads. Every control plane the runner starts gets this key as
// BOOTSTRAP_ADMIN_API_KEY (lib/control-plane.ts), so nothing has to be created first.
import { createHash } from 'node:crypto';

/** Fixed so that a run can be replayed by hand against a control plane kept alive from its logs. */
export const BENCH_ADMIN_API_KEY = `jf_benchadmin_${'0123456789abcdef'.repeat(4)}`;

export const authHeader = (): Record<string, string> => ({ authorization: `Bearer ${BENCH_ADMIN_API_KEY}` });

/** Runs one GraphQL operation as the admin; throws with the server's errors. */
export async function graphql<T = Record<string, unknown>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  timeoutMs = 60_000,
): Promise<T> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeader() },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!res.ok || body.errors?.length || !body.data) {
    throw new Error(`GraphQL failed (HTTP ${res.status}): ${JSON.stringify(body.errors ?? body).slice(0, 800)}`);
  }
  return body.data;
}

/** Uploads an artifact as an operator does (upload token + PUT); returns its sha256. */
export async function uploadArtifact(
  baseUrl: string,
  kind: 'ONNX' | 'CALIBRATION' | 'GOLDEN',
  body: Buffer,
): Promise<string> {
  const grant = await graphql<{ createUploadToken: { uploadUrl: string } }>(
    baseUrl,
    'mutation ($k: UploadKind!) { createUploadToken(kind: $k) { uploadUrl } }',
    { k: kind },
  );
  const url = new URL(grant.createUploadToken.uploadUrl);
  const res = await fetch(`${baseUrl}${url.pathname}${url.search}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', ...authHeader() },
    body,
    signal: AbortSignal.timeout(60_000),
  });
  if (!res.ok) throw new Error(`upload of ${kind} failed: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return createHash('sha256').update(body).digest('hex');
}
