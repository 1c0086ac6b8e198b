import { ErrorCode, JetfleetException } from '../common/jetfleet.exception.js';

export class InvalidTelemetryQueryException extends JetfleetException {
  constructor(message: string, details?: Record<string, unknown>) {
    super(ErrorCode.BadUserInput, message, details);
  }
}
