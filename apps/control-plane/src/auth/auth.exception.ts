import { ErrorCode, JetfleetException } from '../common/jetfleet.exception.js';
import type { Role } from './role.util.js';

/** No key, or one that is unknown, revoked or expired (HTTP 401 on the artifact routes). */
export class UnauthenticatedException extends JetfleetException {
  constructor(message: string) {
    super(ErrorCode.Unauthenticated, message);
  }
}

/** A valid key whose role is too weak for the operation (HTTP 403 on the artifact routes). */
export class ForbiddenRoleException extends JetfleetException {
  constructor(required: Role, held: Role | null, what: string) {
    super(ErrorCode.Forbidden, `${what} needs the ${required} role${held ? `; this key is ${held}` : ''}`, {
      requiredRole: required,
      ...(held ? { role: held } : {}),
    });
  }
}

export class InvalidAuthInputException extends JetfleetException {
  constructor(message: string, details?: Record<string, unknown>) {
    super(ErrorCode.BadUserInput, message, details);
  }
}

export class ApiKeyNotFoundException extends JetfleetException {
  constructor(id: string) {
    super(ErrorCode.NotFound, `API key "${id}" does not exist`, { apiKeyId: id });
  }
}
