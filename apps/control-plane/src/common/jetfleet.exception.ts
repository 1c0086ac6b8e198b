/** Stable error codes: clients match on them, so never reuse or rename one. */
export enum ErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  Unavailable = 'SERVICE_UNAVAILABLE',
  /** No API key, or one that is unknown, revoked or expired. */
  Unauthenticated = 'UNAUTHENTICATED',
  /** A valid API key whose role is below what the operation needs. */
  Forbidden = 'FORBIDDEN',
}

/** Base of every expected error; the GraphQL mapper turns it into a coded error once. */
export class JetfleetException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
