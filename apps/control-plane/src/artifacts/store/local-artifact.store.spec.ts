import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SizeLimitExceededError } from './artifact-store.js';
import { LocalArtifactStore } from './local-artifact.store.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const chunks = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('LocalArtifactStore', () => {
  let dir: string;
  let store: LocalArtifactStore;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jf-store-'));
    store = new LocalArtifactStore(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores a stream under its digest and reads it back whole or by range', async () => {
    const digest = sha('hello, jetson');
    const blob = await store.put(chunks('hello, ', 'jetson'), { maxBytes: 100 });
    expect(blob).toEqual({ sha256: digest, sizeBytes: 13, storageKey: `sha256/${digest.slice(0, 2)}/${digest}` });
    expect(await readFile(path.join(dir, blob.storageKey), 'utf8')).toBe('hello, jetson');
    expect(await filesUnder(dir)).toEqual([blob.storageKey]);
    expect(await text(await store.get(blob.storageKey))).toBe('hello, jetson');
    expect(await text(await store.get(blob.storageKey, { start: 7, end: 12 }))).toBe('jetson');
    expect(await store.stat(blob.storageKey)).toEqual({ sizeBytes: 13 });
    expect(await store.exists(blob.storageKey)).toBe(true);
  });

  it('stores identical content once', async () => {
    const a = await store.put(chunks('same'), { maxBytes: 10 });
    const b = await store.put(chunks('sa', 'me'), { maxBytes: 10 });
    expect(b).toEqual(a);
    expect(await filesUnder(dir)).toEqual([a.storageKey]);
  });

  it('keeps nothing when the size limit is passed, a check fails, a chunk is refused or the source fails', async () => {
    await expect(store.put(chunks('12345', '67890', 'x'), { maxBytes: 10 })).rejects.toBeInstanceOf(
      SizeLimitExceededError,
    );
    await expect(
      store.put(chunks('abc'), {
        maxBytes: 10,
        check: ({ sha256 }) => {
          throw new Error(`refused ${sha256.slice(0, 4)}`);
        },
      }),
    ).rejects.toThrow(`refused ${sha('abc').slice(0, 4)}`);
    await expect(
      store.put(chunks('abc'), {
        maxBytes: 10,
        onChunk: () => {
          throw new Error('bad chunk');
        },
      }),
    ).rejects.toThrow('bad chunk');
    const failing = new Readable({
      read() {
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.put(failing, { maxBytes: 10 })).rejects.toThrow('client went away');
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('answers stat and exists for a missing blob and refuses keys outside the layout', async () => {
    const key = `sha256/00/${'0'.repeat(64)}`;
    expect(await store.stat(key)).toBeNull();
    expect(await store.exists(key)).toBe(false);
    await expect(store.get(key)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(store.stat('../../etc/passwd')).rejects.toThrow(/not an artifact storage key/);
  });
});
