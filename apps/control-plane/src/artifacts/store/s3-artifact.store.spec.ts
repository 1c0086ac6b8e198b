import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { S3ArtifactStore } from './s3-artifact.store.js';

/** Records commands and plays a bucket in memory. */
class FakeS3 {
  readonly objects = new Map<string, Buffer>();
  readonly sent: { name: string; input: Record<string, unknown> }[] = [];

  async send(command: { input: Record<string, unknown> }): Promise<unknown> {
    const input = command.input;
    const key = input.Key as string;
    this.sent.push({ name: command.constructor.name, input });
    if (command instanceof HeadObjectCommand) {
      const obj = this.objects.get(key);
      if (!obj) throw Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } });
      return { ContentLength: obj.length };
    }
    if (command instanceof PutObjectCommand) {
      this.objects.set(key, Buffer.from(await text(input.Body as Readable)));
      return {};
    }
    if (command instanceof GetObjectCommand) {
      const obj = this.objects.get(key) as Buffer;
      const m = /^bytes=(\d+)-(\d+)$/.exec((input.Range as string | undefined) ?? '');
      return { Body: Readable.from([m ? obj.subarray(Number(m[1]), Number(m[2]) + 1) : obj]) };
    }
    throw new Error('unexpected command');
  }
}

describe('S3ArtifactStore', () => {
  let staging: string;
  let s3: FakeS3;
  let store: S3ArtifactStore;

  beforeEach(async () => {
    staging = await mkdtemp(path.join(tmpdir(), 'jf-s3-'));
    s3 = new FakeS3();
    store = new S3ArtifactStore(s3 as unknown as S3Client, 'models', staging);
  });
  afterEach(() => rm(staging, { recursive: true, force: true }));

  it('uploads a staged blob under its digest once, and reads ranges back', async () => {
    const digest = createHash('sha256').update('engine bytes').digest('hex');
    const blob = await store.put(Readable.from([Buffer.from('engine '), Buffer.from('bytes')]), { maxBytes: 100 });
    expect(blob).toEqual({ sha256: digest, sizeBytes: 12, storageKey: `sha256/${digest.slice(0, 2)}/${digest}` });
    const put = s3.sent.find((c) => c.name === 'PutObjectCommand');
    expect(put?.input).toMatchObject({ Bucket: 'models', Key: blob.storageKey, ContentLength: 12 });

    await store.put(Readable.from([Buffer.from('engine bytes')]), { maxBytes: 100 });
    expect(s3.sent.filter((c) => c.name === 'PutObjectCommand')).toHaveLength(1);
    expect(await readdir(staging)).toEqual([]);

    expect(await text(await store.get(blob.storageKey, { start: 7, end: 11 }))).toBe('bytes');
    expect(s3.sent.at(-1)?.input).toMatchObject({ Range: 'bytes=7-11' });
    expect(await store.stat(blob.storageKey)).toEqual({ sizeBytes: 12 });
  });

  it('sends nothing when the check refuses the upload', async () => {
    await expect(
      store.put(Readable.from([Buffer.from('x')]), {
        maxBytes: 10,
        check: () => {
          throw new Error('no');
        },
      }),
    ).rejects.toThrow('no');
    expect(s3.sent).toEqual([]);
    expect(await readdir(staging)).toEqual([]);
  });

  it('reports a missing object as absent', async () => {
    expect(await store.exists(`sha256/ab/${'ab'.repeat(32)}`)).toBe(false);
  });
});
