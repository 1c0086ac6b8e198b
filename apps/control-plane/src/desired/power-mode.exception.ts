import { ErrorCode, JetfleetException } from '../common/jetfleet.exception.js';

export class InvalidPowerModeRequestException extends JetfleetException {
  constructor(message: string, details?: Record<string, unknown>) {
    super(ErrorCode.BadUserInput, message, details);
  }
}
