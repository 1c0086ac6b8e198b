import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { artifactRefSchema } from '@jetfleet/protocol';
import type { z } from 'zod';
import { AppConfig } from '../config/app-config.service.js';
import { ArtifactKind, SHA256_PATTERN, isArtifactKind } from './artifact-kind.constant.js';
import { ArtifactErrorCode, ArtifactException } from './artifact.exception.js';
import { ArtifactRepository, type ArtifactRow } from './artifact.repository.js';
import { ArtifactTokenService } from './artifact-token.service.js';
import type { OnnxInfo } from './onnx/onnx-info.types.js';
import { InvalidOnnxError, OnnxReader } from './onnx/onnx-reader.js';
import { ArtifactStore, SizeLimitExceededError, type WrittenBlob } from './store/artifact-store.js';

export interface ArtifactRecord {
  sha256: string;
  sizeBytes: number;
  kind: ArtifactKind;
  storageKey: string;
  createdAt: Date;
}

export interface PutArtifactOptions {
  kind: ArtifactKind;
  /** When given, the upload is refused unless its sha256 is this. */
  expectedSha256?: string | undefined;
  /** Defaults to ARTIFACT_MAX_BYTES. */
  maxBytes?: number;
}

export interface UploadGrant {
  kind: ArtifactKind;
  token: string;
  /** Absolute URL with the token in its query: PUT the bytes there. */
  uploadUrl: string;
  expiresAt: Date;
}

/** The protocol's reference to an artifact in jobs and desired state. */
export type ArtifactRef = z.infer<typeof artifactRefSchema>;

const ONNX_INFO_CACHE = 64;

const toRecord = (row: ArtifactRow): ArtifactRecord => ({
  sha256: row.sha256,
  sizeBytes: row.sizeBytes,
  kind: isArtifactKind(row.kind) ? row.kind : ArtifactKind.Onnx,
  storageKey: row.storageKey,
  createdAt: row.createdAt,
});

/**
 * The artifact registry other features use: store a stream (checked, content-addressed), look
 * artifacts up, read an ONNX model's description, and mint upload and download URLs.
 */
@Injectable()
export class ArtifactService {
  /** Parsed ONNX descriptions by digest: content never changes, so entries never go stale. */
  private readonly onnxInfos = new Map<string, OnnxInfo>();

  constructor(
    private readonly repo: ArtifactRepository,
    private readonly store: ArtifactStore,
    private readonly tokens: ArtifactTokenService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Stores a stream as an artifact of `kind`. Refuses (with an `ArtifactException`, keeping
   * nothing) a stream over the size limit, an empty one, one whose digest is not
   * `expectedSha256`, an ONNX file that does not parse, and content already stored as another kind.
   */
  async putStream(
    source: Readable,
    options: PutArtifactOptions,
  ): Promise<{ artifact: ArtifactRecord; created: boolean }> {
    const { kind, expectedSha256 } = options;
    const maxBytes = options.maxBytes ?? this.config.get('ARTIFACT_MAX_BYTES');
    const onnx = kind === ArtifactKind.Onnx ? new OnnxReader() : null;
    let info: OnnxInfo | null = null;
    const check = async (written: WrittenBlob): Promise<void> => {
      if (expectedSha256 !== undefined && written.sha256 !== expectedSha256) {
        throw new ArtifactException(
          ArtifactErrorCode.DigestMismatch,
          `the body's sha256 is ${written.sha256}, but X-Content-SHA256 says ${expectedSha256}; nothing was stored`,
          { computedSha256: written.sha256, expectedSha256 },
        );
      }
      if (written.sizeBytes === 0) throw new ArtifactException(ArtifactErrorCode.EmptyUpload, 'the upload is empty');
      if (onnx) info = this.finishOnnx(onnx);
      const existing = await this.repo.find(written.sha256);
      if (existing && existing.kind !== (kind as string)) throw kindConflict(written.sha256, existing.kind, kind);
    };
    let blob;
    try {
      blob = await this.store.put(source, { maxBytes, check, ...(onnx ? { onChunk: (c) => onnx.push(c) } : {}) });
    } catch (err) {
      if (err instanceof SizeLimitExceededError) {
        throw new ArtifactException(
          ArtifactErrorCode.PayloadTooLarge,
          `the upload is larger than the limit of ${maxBytes} bytes`,
          { maxBytes },
        );
      }
      throw err;
    }
    const { row, created } = await this.repo.insertOrGet({ ...blob, kind });
    if (row.kind !== (kind as string)) throw kindConflict(row.sha256, row.kind, kind);
    if (info) this.rememberOnnx(row.sha256, info);
    return { artifact: toRecord(row), created };
  }

  async find(sha256: string): Promise<ArtifactRecord | null> {
    if (!SHA256_PATTERN.test(sha256)) return null;
    const row = await this.repo.find(sha256);
    return row ? toRecord(row) : null;
  }

  async findMany(sha256s: string[]): Promise<ArtifactRecord[]> {
    return (await this.repo.findMany(sha256s.filter((s) => SHA256_PATTERN.test(s)))).map(toRecord);
  }

  /** The description of a stored ONNX model, read once at upload or again from the store. */
  async onnxInfo(sha256: string): Promise<OnnxInfo> {
    const cached = this.onnxInfos.get(sha256);
    if (cached) return cached;
    const artifact = await this.find(sha256);
    if (!artifact) throw notFound(sha256);
    if (artifact.kind !== ArtifactKind.Onnx) {
      throw new ArtifactException(ArtifactErrorCode.BadRequest, `artifact ${sha256} is ${artifact.kind}, not onnx`);
    }
    const reader = new OnnxReader();
    for await (const chunk of await this.store.get(artifact.storageKey)) reader.push(chunk as Buffer);
    const info = this.finishOnnx(reader);
    this.rememberOnnx(sha256, info);
    return info;
  }

  createUploadToken(kind: ArtifactKind, ttlSec?: number): UploadGrant {
    const { token, expiresAt } = this.tokens.issueUpload(kind, ttlSec);
    const query = new URLSearchParams({ kind, token });
    return { kind, token, expiresAt, uploadUrl: `${this.tokens.baseUrl()}/artifacts/uploads?${query.toString()}` };
  }

  /**
   * A short-lived absolute URL a device can GET (with Range to resume) to fetch the artifact.
   * Not checked against the database: use `createArtifactRef` for that and the size.
   */
  createDownloadUrl(sha256: string, options: { deviceId?: string; ttlSec?: number } = {}): string {
    if (!SHA256_PATTERN.test(sha256)) throw new Error(`not a sha256 digest: ${sha256}`);
    const ttl = options.ttlSec ?? this.config.get('ARTIFACT_DOWNLOAD_TOKEN_TTL_SEC');
    const { token } = this.tokens.issueDownload(sha256, options.deviceId, ttl);
    return `${this.tokens.baseUrl()}/artifacts/${sha256}?${new URLSearchParams({ token }).toString()}`;
  }

  /** The protocol's artifact reference (URL, sha256, size) for jobs and desired state. */
  async createArtifactRef(sha256: string, options: { deviceId?: string; ttlSec?: number } = {}): Promise<ArtifactRef> {
    const artifact = await this.find(sha256);
    if (!artifact) throw notFound(sha256);
    return { url: this.createDownloadUrl(sha256, options), sha256, sizeBytes: artifact.sizeBytes };
  }

  private finishOnnx(reader: OnnxReader): OnnxInfo {
    try {
      return reader.finish();
    } catch (err) {
      if (!(err instanceof InvalidOnnxError)) throw err;
      throw new ArtifactException(ArtifactErrorCode.InvalidOnnx, err.message, { parseError: err.reason });
    }
  }

  private rememberOnnx(sha256: string, info: OnnxInfo): void {
    this.onnxInfos.delete(sha256);
    this.onnxInfos.set(sha256, info);
    if (this.onnxInfos.size > ONNX_INFO_CACHE) this.onnxInfos.delete(this.onnxInfos.keys().next().value as string);
  }
}

function notFound(sha256: string): ArtifactException {
  return new ArtifactException(ArtifactErrorCode.NotFound, `artifact ${sha256} does not exist`, { sha256 });
}

function kindConflict(sha256: string, stored: string, wanted: string): ArtifactException {
  return new ArtifactException(
    ArtifactErrorCode.KindConflict,
    `these bytes are already stored as a ${stored} artifact (${sha256}); they cannot also be ${wanted}`,
    { sha256, storedKind: stored, uploadedKind: wanted },
  );
}
