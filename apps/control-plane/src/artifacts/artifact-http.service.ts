import { PassThrough, type Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { Injectable } from '@nestjs/common';
import { ApiKeyService } from '../auth/api-key.service.js';
import { ErrorCode, JetfleetException } from '../common/jetfleet.exception.js';
import { AppConfig } from '../config/app-config.service.js';
import { ArtifactKind, SHA256_PATTERN } from './artifact-kind.constant.js';
import { ArtifactErrorCode, ArtifactException } from './artifact.exception.js';
import { ArtifactService } from './artifact.service.js';
import { ArtifactStatsService, type Direction } from './artifact-stats.service.js';
import { ArtifactTokenService } from './artifact-token.service.js';
import type { ArtifactTokenClaims } from './artifact-token.util.js';
import { decideRange } from './byte-range.util.js';
import { ArtifactStore } from './store/artifact-store.js';

/** Kinds an upload URL may name; engines come from builder devices with a token minted for them. */
const UPLOAD_KINDS: readonly string[] = Object.values(ArtifactKind);

export interface UploadRequest {
  request: IncomingMessage;
  kind: string | undefined;
  token: string | undefined;
  /** The operator's API key; every kind but engine (from builder devices, token only) needs one. */
  operatorKey: string | undefined;
}

export interface UploadAnswer {
  created: boolean;
  body: { sha256: string; sizeBytes: number; kind: ArtifactKind };
}

export interface DownloadRequest {
  sha256: string;
  token: string | undefined;
  headers: IncomingMessage['headers'];
  withBody: boolean;
}

export interface DownloadAnswer {
  status: 200 | 206 | 304;
  headers: Record<string, string>;
  body: Readable | null;
}

const header = (headers: IncomingMessage['headers'], name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** The HTTP side of artifacts: who may upload or download, and how; every refusal is counted. */
@Injectable()
export class ArtifactHttpService {
  constructor(
    private readonly artifacts: ArtifactService,
    private readonly store: ArtifactStore,
    private readonly tokens: ArtifactTokenService,
    private readonly stats: ArtifactStatsService,
    private readonly config: AppConfig,
    private readonly keys: ApiKeyService,
  ) {}

  upload(req: UploadRequest): Promise<UploadAnswer> {
    return this.counted('upload', async () => {
      if (req.kind !== ArtifactKind.Engine) await this.requireOperator(req.operatorKey);
      const claims = this.authorize(req.token, 'upload');
      if (req.kind === undefined || !UPLOAD_KINDS.includes(req.kind)) {
        throw new ArtifactException(
          ArtifactErrorCode.BadRequest,
          `query parameter kind must be one of ${UPLOAD_KINDS.join(', ')}`,
          { kind: req.kind ?? null },
        );
      }
      const kind = req.kind as ArtifactKind;
      if (claims.typ !== 'upload' || claims.kind !== kind) {
        throw new ArtifactException(
          ArtifactErrorCode.Forbidden,
          `the upload token is for ${claims.typ === 'upload' ? claims.kind : 'another'} artifacts, not ${kind}`,
        );
      }
      const expectedSha256 = header(req.request.headers, 'x-content-sha256')?.trim().toLowerCase();
      if (expectedSha256 !== undefined && !SHA256_PATTERN.test(expectedSha256)) {
        throw new ArtifactException(ArtifactErrorCode.BadRequest, 'X-Content-SHA256 must be 64 hex characters');
      }
      const maxBytes = this.config.get('ARTIFACT_MAX_BYTES');
      const declared = Number(header(req.request.headers, 'content-length') ?? NaN);
      if (declared > maxBytes) {
        throw new ArtifactException(
          ArtifactErrorCode.PayloadTooLarge,
          `Content-Length ${declared} is over the limit of ${maxBytes} bytes`,
          { maxBytes },
        );
      }
      // Set by Express' JSON/form parsers, which would have consumed (and capped) the body already.
      if ((req.request as { _body?: boolean })._body) {
        throw new ArtifactException(
          ArtifactErrorCode.UnsupportedMediaType,
          'send the file as the raw body with Content-Type: application/octet-stream',
        );
      }
      const { artifact, created } = await this.artifacts.putStream(detachable(req.request), {
        kind,
        expectedSha256,
        maxBytes,
      });
      this.stats.countUpload(artifact.sizeBytes);
      return { created, body: { sha256: artifact.sha256, sizeBytes: artifact.sizeBytes, kind: artifact.kind } };
    });
  }

  download(req: DownloadRequest): Promise<DownloadAnswer> {
    return this.counted('download', async () => {
      if (!SHA256_PATTERN.test(req.sha256)) {
        throw new ArtifactException(
          ArtifactErrorCode.BadRequest,
          'an artifact is named by 64 lowercase hex characters',
        );
      }
      const claims = this.authorize(req.token, 'download');
      if (claims.typ !== 'download') {
        throw new ArtifactException(ArtifactErrorCode.Forbidden, 'an upload token does not allow downloads');
      }
      if (claims.sha256 !== req.sha256) {
        throw new ArtifactException(
          ArtifactErrorCode.Forbidden,
          `the token grants artifact ${claims.sha256.slice(0, 12)}…, not ${req.sha256.slice(0, 12)}…`,
        );
      }
      const device = header(req.headers, 'x-device-id');
      if (claims.dev !== undefined && device !== undefined && device !== claims.dev) {
        throw new ArtifactException(ArtifactErrorCode.Forbidden, `the token was issued to device ${claims.dev}`);
      }
      const artifact = await this.artifacts.find(req.sha256);
      if (!artifact) {
        throw new ArtifactException(ArtifactErrorCode.NotFound, `artifact ${req.sha256} does not exist`);
      }
      const etag = `"${artifact.sha256}"`;
      const headers: Record<string, string> = {
        ETag: etag,
        'X-Content-SHA256': artifact.sha256,
        'Accept-Ranges': 'bytes',
        'Cache-Control': 'private, max-age=31536000, immutable',
      };
      const ifNoneMatch = header(req.headers, 'if-none-match');
      if (ifNoneMatch?.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
        return { status: 304, headers, body: null };
      }
      const decision = decideRange(header(req.headers, 'range'), artifact.sizeBytes, {
        header: header(req.headers, 'if-range'),
        etag,
      });
      if (decision.kind === 'unsatisfiable') {
        throw new ArtifactException(
          ArtifactErrorCode.RangeNotSatisfiable,
          `the range is outside the artifact's ${artifact.sizeBytes} bytes`,
          { sizeBytes: artifact.sizeBytes },
        );
      }
      const range = decision.kind === 'partial' ? decision.range : undefined;
      headers['Content-Type'] = 'application/octet-stream';
      headers['Content-Length'] = String(range ? range.end - range.start + 1 : artifact.sizeBytes);
      if (range) headers['Content-Range'] = `bytes ${range.start}-${range.end}/${artifact.sizeBytes}`;
      const body = req.withBody ? await this.store.get(artifact.storageKey, range) : null;
      this.stats.countDownload();
      return { status: range ? 206 : 200, headers, body };
    });
  }

  /** Models and data sets come from operators: the upload token alone (a bearer URL) is not enough. */
  private async requireOperator(key: string | undefined): Promise<void> {
    try {
      this.keys.requireRole(await this.keys.authenticate(key), 'operator', 'uploading artifacts');
    } catch (err) {
      if (!(err instanceof JetfleetException)) throw err;
      if (err.code === ErrorCode.Forbidden) throw new ArtifactException(ArtifactErrorCode.Forbidden, err.message);
      throw new ArtifactException(
        ArtifactErrorCode.Unauthenticated,
        `${err.message}; an operator API key goes in "Authorization: Bearer jf_…" and the upload token in ?token=`,
      );
    }
  }

  private authorize(token: string | undefined, use: 'upload' | 'download'): ArtifactTokenClaims {
    if (!token) {
      throw new ArtifactException(
        ArtifactErrorCode.Unauthenticated,
        `a ${use} token is required: send "Authorization: Bearer <token>" or ?token=<token>`,
      );
    }
    const check = this.tokens.verify(token);
    if (check.ok) return check.claims;
    if (check.problem === 'expired') {
      throw new ArtifactException(
        ArtifactErrorCode.TokenExpired,
        `the ${use} token expired at ${check.expiredAt.toISOString()}; ask for a new one`,
        { expiredAt: check.expiredAt.toISOString() },
      );
    }
    throw new ArtifactException(
      ArtifactErrorCode.Unauthenticated,
      `the ${use} token is not valid (${check.problem === 'malformed' ? 'malformed' : 'bad signature'})`,
    );
  }

  private async counted<T>(direction: Direction, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof ArtifactException) this.stats.countRefusal(direction, err.artifactCode, err.message);
      throw err;
    }
  }
}

/**
 * The request body as a stream of its own: when the store gives up early (size limit) it destroys
 * this stream, not the request, whose socket must live on to carry the refusal. A client that
 * goes away mid-upload still fails the store's pipeline.
 */
function detachable(request: IncomingMessage): Readable {
  const body = new PassThrough();
  request.pipe(body);
  const abort = (): void => {
    if (request.complete) return;
    const message = 'the client closed the connection before the upload finished';
    body.destroy(new ArtifactException(ArtifactErrorCode.UploadAborted, message));
  };
  request.once('close', abort);
  request.once('error', abort);
  body.once('close', () => {
    request.unpipe(body);
    request.off('close', abort);
  });
  return body;
}
