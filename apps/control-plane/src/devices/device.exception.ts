import { ErrorCode, JetfleetException } from '../common/jetfleet.exception.js';

export class DeviceNotFoundException extends JetfleetException {
  constructor(id: string) {
    super(ErrorCode.NotFound, `device "${id}" does not exist`, { deviceId: id });
  }
}

export class InvalidDeviceInputException extends JetfleetException {
  constructor(message: string, details?: Record<string, unknown>) {
    super(ErrorCode.BadUserInput, message, details);
  }
}
