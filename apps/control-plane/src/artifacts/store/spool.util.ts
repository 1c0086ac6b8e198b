import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SizeLimitExceededError, type PutOptions, type WrittenBlob } from './artifact-store.js';

export interface SpooledFile extends WrittenBlob {
  path: string;
}

/**
 * Streams `source` into a new file in `dir`, hashing and counting on the way and flushing it to
 * disk before it resolves. On any failure (size limit, `onChunk` throwing, the source erroring or
 * being aborted) the partial file is removed.
 */
export async function spoolToFile(
  source: Readable,
  dir: string,
  options: Pick<PutOptions, 'maxBytes' | 'onChunk'>,
): Promise<SpooledFile> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${randomUUID()}.part`);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > options.maxBytes) return done(new SizeLimitExceededError(options.maxBytes));
      hash.update(chunk);
      try {
        options.onChunk?.(chunk);
      } catch (err) {
        return done(err as Error);
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(file, { flags: 'wx', flush: true }));
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
  return { path: file, sha256: hash.digest('hex'), sizeBytes: size };
}
