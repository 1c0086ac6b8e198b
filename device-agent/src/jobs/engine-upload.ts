import { createHash } from 'node:crypto';

/** PUTs an engine to the control plane's artifact store; the server re-checks the digest. */
export async function uploadEngine(
  url: string,
  bytes: Buffer,
  signal?: AbortSignal,
): Promise<{ sha256: string; sizeBytes: number }> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const res = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', 'x-content-sha256': sha256 },
    body: bytes,
    ...(signal ? { signal } : {}),
  });
  if (!res.ok) {
    const text = (await res.text().catch(() => '')).slice(0, 300);
    throw new Error(`engine upload refused: HTTP ${res.status} ${text}`);
  }
  return { sha256, sizeBytes: bytes.length };
}
