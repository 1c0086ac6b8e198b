import { ErrorCode, JetfleetException } from '../common/jetfleet.exception.js';

export class InvalidWebhookInputException extends JetfleetException {
  constructor(message: string, details?: Record<string, unknown>) {
    super(ErrorCode.BadUserInput, message, details);
  }
}

export class WebhookEndpointNotFoundException extends JetfleetException {
  constructor(id: string) {
    super(ErrorCode.NotFound, `webhook endpoint "${id}" does not exist`, { endpointId: id });
  }
}
