import type { Readable } from 'node:stream';
import type { ByteRange } from '../byte-range.util.js';

export interface WrittenBlob {
  sha256: string;
  sizeBytes: number;
}

export interface StoredBlob extends WrittenBlob {
  /** Where the store keeps it; derived from the digest (see `storageKeyFor`). */
  storageKey: string;
}

export interface PutOptions {
  /** The put fails with `SizeLimitExceededError` as soon as the stream passes this many bytes. */
  maxBytes: number;
  /** Sees every chunk as it streams through (e.g. a format check), before anything is kept. */
  onChunk?: (chunk: Buffer) => void;
  /** Runs once every byte is staged and hashed, before the blob becomes visible; throwing discards it. */
  check?: (written: WrittenBlob) => void | Promise<void>;
}

export class SizeLimitExceededError extends Error {
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
    this.name = 'SizeLimitExceededError';
  }
}

/**
 * Content-addressed blob storage. `put` hashes while it stages the bytes and publishes them under
 * their digest only after `check` passed, so a refused or interrupted upload leaves nothing
 * behind and a published blob never changes. Implementations: `LocalArtifactStore`, `S3ArtifactStore`.
 */
export abstract class ArtifactStore {
  abstract put(source: Readable, options: PutOptions): Promise<StoredBlob>;
  /** The blob's bytes, or the inclusive `range` of them. */
  abstract get(storageKey: string, range?: ByteRange): Promise<Readable>;
  abstract stat(storageKey: string): Promise<{ sizeBytes: number } | null>;
  abstract exists(storageKey: string): Promise<boolean>;
}
