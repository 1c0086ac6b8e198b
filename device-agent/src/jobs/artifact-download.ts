import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export interface ArtifactRef {
  url: string;
  sha256: string;
  sizeBytes: number;
}

export type DownloadErrorCode = 'http_error' | 'size_mismatch' | 'sha256_mismatch' | 'network';

export class DownloadError extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DownloadError';
  }
}

async function sizeOf(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  );
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** A control plane restarting or a flaky uplink must not fail a deployment: retries back off up to this. */
const MAX_RETRY_DELAY_MS = 10_000;

/** Downloads in progress by destination: a job and the reconcile loop may want the same engine at once. */
const inFlight = new Map<string, Promise<void>>();

/**
 * Downloads an artifact to `dest` once even when asked twice at the same time: the second caller
 * waits for the first and is satisfied by its verified file (or downloads again if it failed).
 */
export async function downloadArtifact(
  ref: ArtifactRef,
  dest: string,
  opts: { signal?: AbortSignal; attempts?: number } = {},
): Promise<void> {
  const running = inFlight.get(dest);
  if (running) {
    await running.catch(() => undefined);
    if ((await sizeOf(dest)) === ref.sizeBytes && (await sha256Of(dest).catch(() => '')) === ref.sha256) return;
  }
  const download = downloadOnce(ref, dest, opts);
  inFlight.set(dest, download);
  try {
    await download;
  } finally {
    if (inFlight.get(dest) === download) inFlight.delete(dest);
  }
}

/**
 * Downloads an artifact to `dest`, resuming a previous partial download with a Range request,
 * and verifies size and sha256 before the file takes its final name. A digest mismatch deletes
 * the partial file (it cannot be trusted for a resume either) and throws.
 */
async function downloadOnce(
  ref: ArtifactRef,
  dest: string,
  opts: { signal?: AbortSignal; attempts?: number },
): Promise<void> {
  const partial = `${dest}.partial`;
  await mkdir(dirname(dest), { recursive: true });
  const attempts = opts.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      await fetchInto(ref, partial, opts.signal);
      break;
    } catch (err) {
      if (err instanceof DownloadError && err.code !== 'network') throw err;
      if (attempt >= attempts || opts.signal?.aborted) throw err;
      await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** attempt, MAX_RETRY_DELAY_MS)));
    }
  }
  const size = await sizeOf(partial);
  if (size !== ref.sizeBytes) {
    await rm(partial, { force: true });
    throw new DownloadError('size_mismatch', `expected ${ref.sizeBytes} bytes, got ${size}`);
  }
  const digest = await sha256Of(partial);
  if (digest !== ref.sha256) {
    await rm(partial, { force: true });
    throw new DownloadError('sha256_mismatch', `sha256 mismatch: expected ${ref.sha256}, got ${digest}`);
  }
  await rename(partial, dest);
}

async function fetchInto(ref: ArtifactRef, partial: string, signal?: AbortSignal): Promise<void> {
  const have = await sizeOf(partial);
  if (have >= ref.sizeBytes && ref.sizeBytes > 0) return;
  let res: Response;
  try {
    res = await fetch(ref.url, {
      headers: have > 0 ? { range: `bytes=${have}-` } : {},
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    throw new DownloadError('network', `download failed: ${(err as Error).message}`, { cause: err });
  }
  if (res.status !== 200 && res.status !== 206) {
    const text = (await res.text().catch(() => '')).slice(0, 300);
    throw new DownloadError('http_error', `download refused: HTTP ${res.status} ${text}`);
  }
  if (!res.body) throw new DownloadError('network', 'download has no body');
  // 206 continues the partial file; 200 means the server ignored the range: start over.
  const out = createWriteStream(partial, { flags: res.status === 206 ? 'a' : 'w' });
  try {
    const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    await (signal ? pipeline(body, out, { signal }) : pipeline(body, out));
  } catch (err) {
    throw new DownloadError('network', `download interrupted: ${(err as Error).message}`, { cause: err });
  }
}
