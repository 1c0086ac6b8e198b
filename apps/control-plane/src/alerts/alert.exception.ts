import { ErrorCode, JetfleetException } from '../common/jetfleet.exception.js';

export class AlertNotFoundException extends JetfleetException {
  constructor(id: string) {
    super(ErrorCode.NotFound, `alert "${id}" does not exist`, { alertId: id });
  }
}

export class AlertAlreadyResolvedException extends JetfleetException {
  constructor(id: string) {
    super(ErrorCode.Conflict, `alert "${id}" is already resolved`, { alertId: id, status: 'resolved' });
  }
}

export class AlertRuleNotFoundException extends JetfleetException {
  constructor(id: string) {
    super(ErrorCode.NotFound, `alert rule "${id}" does not exist`, { ruleId: id });
  }
}

/** Bad input; `field` names the offending input field (e.g. "kind", "params.thresholdC"). */
export class InvalidAlertInputException extends JetfleetException {
  constructor(
    readonly field: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(ErrorCode.BadUserInput, `${field}: ${message}`, { field, ...details });
  }
}
