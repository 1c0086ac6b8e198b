import { ErrorCode, JetfleetException } from '../common/jetfleet.exception.js';

/** Stable codes of signing failures (programming or start-up errors, never device input). */
export enum SigningErrorCode {
  KeyNotLoaded = 'SIGNING_KEY_NOT_LOADED',
  InvalidDocument = 'SIGNING_INVALID_DOCUMENT',
}

export class SigningException extends JetfleetException {
  constructor(
    readonly reason: SigningErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(reason === SigningErrorCode.KeyNotLoaded ? ErrorCode.Unavailable : ErrorCode.BadUserInput, message, {
      reason,
      ...details,
    });
  }
}
