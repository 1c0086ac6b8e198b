import type { z } from 'zod';
import { ErrorCode, JetfleetException } from '../../common/jetfleet.exception.js';

/** One problem with operator input, named by its field path (`stages[2].percent`, `gates.maxPowerRatio`). */
export interface RolloutConfigIssue {
  field: string;
  message: string;
}

/** Rollout stages or gates refused at creation; `details.issues` lists every problem, each with its field. */
export class InvalidRolloutConfigException extends JetfleetException {
  constructor(readonly issues: RolloutConfigIssue[]) {
    super(ErrorCode.BadUserInput, issues.map((i) => `${i.field}: ${i.message}`).join('; '), { issues });
  }
}

function fieldPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return out;
}

/** Every zod issue as a field-named problem; unknown keys are named one by one (typos are the usual cause). */
export function zodConfigIssues(root: string, error: z.ZodError): RolloutConfigIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: fieldPath(root, [...issue.path, key]), message: 'unknown field' }))
      : [{ field: fieldPath(root, issue.path), message: issue.message }],
  );
}
