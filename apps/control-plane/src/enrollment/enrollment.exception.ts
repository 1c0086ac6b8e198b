import { ErrorCode, JetfleetException } from '../common/jetfleet.exception.js';

/** Stable codes of refused enrollment requests; agents and scripts match on them. */
export enum EnrollmentErrorCode {
  InvalidRequest = 'INVALID_REQUEST',
  InvalidToken = 'INVALID_TOKEN',
  TokenExpired = 'TOKEN_EXPIRED',
  TokenRevoked = 'TOKEN_REVOKED',
  TokenUsedUp = 'TOKEN_USED_UP',
  DeviceIdNotAllowed = 'DEVICE_ID_NOT_ALLOWED',
  AlreadyEnrolled = 'ALREADY_ENROLLED',
  TooManyFailures = 'TOO_MANY_FAILURES',
  TokenNotFound = 'TOKEN_NOT_FOUND',
  NotEnrolled = 'NOT_ENROLLED',
  ProvisioningDisabled = 'PROVISIONING_DISABLED',
  BrokerUnavailable = 'BROKER_UNAVAILABLE',
  BrokerRefused = 'BROKER_REFUSED',
}

const HTTP_STATUS: Record<EnrollmentErrorCode, number> = {
  [EnrollmentErrorCode.InvalidRequest]: 400,
  [EnrollmentErrorCode.InvalidToken]: 401,
  [EnrollmentErrorCode.TokenExpired]: 401,
  [EnrollmentErrorCode.TokenRevoked]: 401,
  [EnrollmentErrorCode.TokenUsedUp]: 401,
  [EnrollmentErrorCode.DeviceIdNotAllowed]: 403,
  [EnrollmentErrorCode.AlreadyEnrolled]: 409,
  [EnrollmentErrorCode.TooManyFailures]: 429,
  [EnrollmentErrorCode.TokenNotFound]: 404,
  [EnrollmentErrorCode.NotEnrolled]: 404,
  [EnrollmentErrorCode.ProvisioningDisabled]: 503,
  [EnrollmentErrorCode.BrokerUnavailable]: 503,
  [EnrollmentErrorCode.BrokerRefused]: 502,
};

const GENERIC: Partial<Record<EnrollmentErrorCode, ErrorCode>> = {
  [EnrollmentErrorCode.TokenNotFound]: ErrorCode.NotFound,
  [EnrollmentErrorCode.NotEnrolled]: ErrorCode.NotFound,
  [EnrollmentErrorCode.AlreadyEnrolled]: ErrorCode.Conflict,
  [EnrollmentErrorCode.ProvisioningDisabled]: ErrorCode.Unavailable,
  [EnrollmentErrorCode.BrokerUnavailable]: ErrorCode.Unavailable,
  [EnrollmentErrorCode.BrokerRefused]: ErrorCode.Unavailable,
};

/**
 * A refused enrollment or credential operation. `reason` is the precise code (the HTTP answer's
 * `code`); the inherited `code` is the generic one GraphQL clients see, with `reason` in details.
 */
export class EnrollmentException extends JetfleetException {
  readonly httpStatus: number;

  constructor(
    readonly reason: EnrollmentErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(GENERIC[reason] ?? ErrorCode.BadUserInput, message, { reason, ...details });
    this.httpStatus = HTTP_STATUS[reason];
  }
}
