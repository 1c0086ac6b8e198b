import { SHA256_PATTERN } from '../artifacts/artifact-kind.constant.js';
import type { RegisterModelVersion, SimHints } from './model-version.types.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const MAX_DESCRIPTION = 2000;

/** Bounds of each simulation hint: [min, max], both inclusive. */
const SIM_HINT_BOUNDS: Record<keyof SimHints, [number, number]> = {
  fp32Ap50: [0, 1],
  int8ExtraDrop: [0, 1],
  latencyScale: [0.01, 100],
  powerScale: [0.01, 100],
};

export interface InputProblem {
  field: string;
  message: string;
}

/** Everything wrong with a registration's own fields (artifacts are checked against the database later). */
export function checkRegisterInput(input: RegisterModelVersion): InputProblem[] {
  const problems: InputProblem[] = [];
  if (!NAME.test(input.modelName)) {
    problems.push({ field: 'modelName', message: 'must be 1-100 characters of [A-Za-z0-9._-], starting alphanumeric' });
  }
  if (!VERSION.test(input.version)) {
    problems.push({ field: 'version', message: 'must be 1-64 characters of [A-Za-z0-9._+-], starting alphanumeric' });
  }
  for (const field of ['onnxSha256', 'calibrationSha256', 'goldenSha256'] as const) {
    const value = input[field];
    if (value != null && !SHA256_PATTERN.test(value)) {
      problems.push({ field, message: 'must be a sha256 digest: 64 lowercase hex characters' });
    }
  }
  if (input.inputDescription != null && input.inputDescription.length > MAX_DESCRIPTION) {
    problems.push({ field: 'inputDescription', message: `must be at most ${MAX_DESCRIPTION} characters` });
  }
  for (const [key, value] of Object.entries(input.simHints ?? {})) {
    const bounds = (SIM_HINT_BOUNDS as Partial<Record<string, [number, number]>>)[key];
    if (!bounds || value == null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < bounds[0] || value > bounds[1]) {
      problems.push({ field: `simHints.${key}`, message: `must be between ${bounds[0]} and ${bounds[1]}` });
    }
  }
  return problems;
}

/** Drops unset hints; null when none is set. */
export function compactSimHints(hints: SimHints | null | undefined): SimHints | null {
  const set = Object.entries(hints ?? {}).filter(([k, v]) => k in SIM_HINT_BOUNDS && typeof v === 'number');
  return set.length ? Object.fromEntries(set) : null;
}
