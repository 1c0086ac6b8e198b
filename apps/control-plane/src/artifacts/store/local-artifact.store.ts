import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ByteRange } from '../byte-range.util.js';
import { ArtifactStore, type PutOptions, type StoredBlob } from './artifact-store.js';
import { spoolToFile } from './spool.util.js';
import { assertStorageKey, storageKeyFor } from './storage-key.util.js';

/**
 * Blobs as files under one directory. Uploads are staged in its `tmp/` (same filesystem, so the
 * final `rename` is atomic): a reader sees either no file or the whole, fsynced one.
 */
export class LocalArtifactStore extends ArtifactStore {
  private readonly root: string;

  constructor(directory: string) {
    super();
    this.root = path.resolve(directory);
  }

  async put(source: Readable, options: PutOptions): Promise<StoredBlob> {
    const spooled = await spoolToFile(source, path.join(this.root, 'tmp'), options);
    try {
      await options.check?.(spooled);
      const storageKey = storageKeyFor(spooled.sha256);
      const target = this.pathOf(storageKey);
      await mkdir(path.dirname(target), { recursive: true });
      // Identical content under an identical name: replacing an existing copy is harmless.
      await rename(spooled.path, target);
      return { sha256: spooled.sha256, sizeBytes: spooled.sizeBytes, storageKey };
    } finally {
      await rm(spooled.path, { force: true });
    }
  }

  get(storageKey: string, range?: ByteRange): Promise<Readable> {
    const file = this.pathOf(storageKey);
    return new Promise((resolve, reject) => {
      const stream = createReadStream(file, range ? { start: range.start, end: range.end } : {});
      stream.once('open', () => resolve(stream));
      stream.once('error', reject);
    });
  }

  async stat(storageKey: string): Promise<{ sizeBytes: number } | null> {
    try {
      const s = await stat(this.pathOf(storageKey));
      return s.isFile() ? { sizeBytes: s.size } : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async exists(storageKey: string): Promise<boolean> {
    return (await this.stat(storageKey)) !== null;
  }

  private pathOf(storageKey: string): string {
    assertStorageKey(storageKey);
    return path.join(this.root, storageKey);
  }
}
