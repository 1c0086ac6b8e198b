import { ErrorCode, JetfleetException } from '../common/jetfleet.exception.js';

export class InvalidModelInputException extends JetfleetException {
  constructor(message: string, details?: Record<string, unknown>) {
    super(ErrorCode.BadUserInput, message, details);
  }
}

export class ModelVersionExistsException extends JetfleetException {
  constructor(modelName: string, version: string) {
    super(ErrorCode.Conflict, `model "${modelName}" already has a version "${version}"`, { modelName, version });
  }
}

export class ModelArtifactNotFoundException extends JetfleetException {
  constructor(field: string, sha256: string) {
    super(ErrorCode.NotFound, `${field}: no artifact ${sha256} has been uploaded`, { field, sha256 });
  }
}
