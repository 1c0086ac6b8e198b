import { ErrorCode, JetfleetException } from '../common/jetfleet.exception.js';

/** Stable codes of refused artifact requests; HTTP clients (devices, CLIs) match on them. */
export enum ArtifactErrorCode {
  BadRequest = 'BAD_REQUEST',
  Unauthenticated = 'UNAUTHENTICATED',
  TokenExpired = 'TOKEN_EXPIRED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'ARTIFACT_NOT_FOUND',
  KindConflict = 'KIND_CONFLICT',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  EmptyUpload = 'EMPTY_UPLOAD',
  UploadAborted = 'UPLOAD_ABORTED',
  DigestMismatch = 'DIGEST_MISMATCH',
  InvalidOnnx = 'INVALID_ONNX',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  RangeNotSatisfiable = 'RANGE_NOT_SATISFIABLE',
}

const HTTP_STATUS: Record<ArtifactErrorCode, number> = {
  [ArtifactErrorCode.BadRequest]: 400,
  [ArtifactErrorCode.Unauthenticated]: 401,
  [ArtifactErrorCode.TokenExpired]: 401,
  [ArtifactErrorCode.Forbidden]: 403,
  [ArtifactErrorCode.NotFound]: 404,
  [ArtifactErrorCode.KindConflict]: 409,
  [ArtifactErrorCode.PayloadTooLarge]: 413,
  [ArtifactErrorCode.EmptyUpload]: 400,
  [ArtifactErrorCode.UploadAborted]: 400,
  [ArtifactErrorCode.DigestMismatch]: 400,
  [ArtifactErrorCode.InvalidOnnx]: 422,
  [ArtifactErrorCode.UnsupportedMediaType]: 415,
  [ArtifactErrorCode.RangeNotSatisfiable]: 416,
};

const GENERIC: Partial<Record<ArtifactErrorCode, ErrorCode>> = {
  [ArtifactErrorCode.NotFound]: ErrorCode.NotFound,
  [ArtifactErrorCode.KindConflict]: ErrorCode.Conflict,
};

/**
 * A refused artifact request. `artifactCode` is the precise reason (the HTTP answer's `code`);
 * the inherited `code` is the generic one GraphQL clients see, with the precise one in details.
 */
export class ArtifactException extends JetfleetException {
  readonly httpStatus: number;

  constructor(
    readonly artifactCode: ArtifactErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(GENERIC[artifactCode] ?? ErrorCode.BadUserInput, message, { reason: artifactCode, ...details });
    this.httpStatus = HTTP_STATUS[artifactCode];
  }
}
