import { ErrorCode, JetfleetException } from '../common/jetfleet.exception.js';
import type { RecipeIssue } from './recipe-check.util.js';

/** The recipe cannot work for the model or the selected devices; `details.issues` lists every reason. */
export class RecipeRejectedException extends JetfleetException {
  constructor(readonly issues: RecipeIssue[]) {
    super(ErrorCode.BadUserInput, `recipe refused: ${issues.map((i) => i.message).join('; ')}`, { issues });
  }
}

export class InvalidBuildInputException extends JetfleetException {
  constructor(message: string, details?: Record<string, unknown>) {
    super(ErrorCode.BadUserInput, message, details);
  }
}

export class ModelVersionNotFoundException extends JetfleetException {
  constructor(id: string) {
    super(ErrorCode.NotFound, `model version "${id}" does not exist`, { modelVersionId: id });
  }
}

export class EngineBuildNotFoundException extends JetfleetException {
  constructor(id: string) {
    super(ErrorCode.NotFound, `engine build "${id}" does not exist`, { buildId: id });
  }
}

export class EngineBuildFinishedException extends JetfleetException {
  constructor(id: string, state: string) {
    super(ErrorCode.Conflict, `engine build "${id}" already ended (${state}); it cannot be cancelled`, {
      buildId: id,
      state,
    });
  }
}
