export type Ap50ErrorCode =
  | 'INVALID_GROUND_TRUTH'
  | 'INVALID_DETECTIONS'
  | 'UNKNOWN_IMAGE'
  | 'UNKNOWN_CATEGORY'
  | 'DUPLICATE_ID'
  | 'NO_GROUND_TRUTH';

/** Thrown for malformed AP50 inputs; `path` names the offending field, e.g. `annotations[3].bbox`. */
export class Ap50Error extends Error {
  constructor(
    readonly code: Ap50ErrorCode,
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'Ap50Error';
  }
}
