import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ByteRange } from '../byte-range.util.js';
import { ArtifactStore, type PutOptions, type StoredBlob } from './artifact-store.js';
import { spoolToFile } from './spool.util.js';
import { assertStorageKey, storageKeyFor } from './storage-key.util.js';

export interface S3StoreOptions {
  bucket: string;
  region: string;
  endpoint?: string | undefined;
  forcePathStyle: boolean;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
}

/**
 * Blobs as objects in an S3 (or S3-compatible) bucket under `sha256/…` keys. An upload is staged
 * in a local file first: its digest, and so its key, is known before anything reaches the bucket,
 * and a refused upload never does. Objects are written once and never overwritten.
 */
export class S3ArtifactStore extends ArtifactStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly stagingDir: string,
  ) {
    super();
  }

  static create(options: S3StoreOptions, stagingDir: string): S3ArtifactStore {
    const client = new S3Client({
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.accessKeyId && options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
      // Many S3-compatible services reject the SDK's default CRC32 trailers; content is
      // verified by its sha256 on the device anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return new S3ArtifactStore(client, options.bucket, stagingDir);
  }

  async put(source: Readable, options: PutOptions): Promise<StoredBlob> {
    const spooled = await spoolToFile(source, this.stagingDir, options);
    try {
      await options.check?.(spooled);
      const storageKey = storageKeyFor(spooled.sha256);
      if (!(await this.exists(storageKey))) {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: storageKey,
            Body: createReadStream(spooled.path),
            ContentLength: spooled.sizeBytes,
            ContentType: 'application/octet-stream',
            Metadata: { sha256: spooled.sha256 },
          }),
        );
      }
      return { sha256: spooled.sha256, sizeBytes: spooled.sizeBytes, storageKey };
    } finally {
      await rm(spooled.path, { force: true });
    }
  }

  async get(storageKey: string, range?: ByteRange): Promise<Readable> {
    assertStorageKey(storageKey);
    const out = await this.client.send(
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: storageKey,
        ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
      }),
    );
    if (!(out.Body instanceof Readable)) throw new Error(`S3 returned no body for ${storageKey}`);
    return out.Body;
  }

  async stat(storageKey: string): Promise<{ sizeBytes: number } | null> {
    assertStorageKey(storageKey);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: storageKey }));
      return { sizeBytes: head.ContentLength ?? 0 };
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return null;
      throw err;
    }
  }

  async exists(storageKey: string): Promise<boolean> {
    return (await this.stat(storageKey)) !== null;
  }
}
