import { ErrorCode, JetfleetException } from '../common/jetfleet.exception.js';

export class InvalidRolloutException extends JetfleetException {
  constructor(message: string, details?: Record<string, unknown>) {
    super(ErrorCode.BadUserInput, message, details);
  }
}

export class RolloutNotFoundException extends JetfleetException {
  constructor(id: string) {
    super(ErrorCode.NotFound, `rollout "${id}" does not exist`, { rolloutId: id });
  }
}

/** The operation does not apply in the rollout's current state. */
export class RolloutStateConflictException extends JetfleetException {
  constructor(id: string, state: string, action: string, allowed: readonly string[]) {
    super(ErrorCode.Conflict, `rollout "${id}" is ${state}; ${action} needs it to be ${allowed.join(' or ')}`, {
      rolloutId: id,
      state,
      allowed,
    });
  }
}

/** Devices of the target already belong to another active rollout. */
export class RolloutDeviceConflictException extends JetfleetException {
  constructor(conflicts: { deviceId: string; rolloutId: string }[]) {
    const shown = conflicts
      .slice(0, 10)
      .map((c) => `${c.deviceId} (rollout ${c.rolloutId})`)
      .join(', ');
    super(
      ErrorCode.Conflict,
      `${conflicts.length} target device(s) are already in an active rollout: ${shown}${conflicts.length > 10 ? ', …' : ''}`,
      { conflicts: conflicts.slice(0, 100) },
    );
  }
}
