/** Argument names whose values never reach the audit log (matched anywhere in the name, any case). */
const SECRET_NAME = /secret|password|passwd|token|authorization|credential|private|apikey|api_key/i;

export const REDACTED = '[redacted]';

export interface SummaryLimits {
  /** Longer strings keep this many characters and say how many were cut. */
  maxString: number;
  /** Longer arrays keep this many items and say how many were cut. */
  maxItems: number;
  /** Deeper values are replaced by a marker. */
  maxDepth: number;
}

export const DEFAULT_SUMMARY_LIMITS: SummaryLimits = { maxString: 200, maxItems: 20, maxDepth: 4 };

/**
 * A mutation's arguments as the audit log keeps them: secrets (by argument name, at any depth)
 * redacted, long strings and arrays cut, deep nesting flattened, so a row stays small and safe to
 * show to every admin.
 */
export function summarizeInput(
  args: Record<string, unknown>,
  limits: SummaryLimits = DEFAULT_SUMMARY_LIMITS,
): Record<string, unknown> {
  return summarizeObject(args, limits, 0);
}

function summarizeObject(obj: object, limits: SummaryLimits, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    out[key] =
      SECRET_NAME.test(key) && value !== null && value !== undefined ? REDACTED : summarize(value, limits, depth + 1);
  }
  return out;
}

function summarize(value: unknown, limits: SummaryLimits, depth: number): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    return value.length > limits.maxString
      ? `${value.slice(0, limits.maxString)}…(+${value.length - limits.maxString} chars)`
      : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== 'object') return `[${typeof value}]`;
  if (depth > limits.maxDepth) return '[nested]';
  if (Array.isArray(value)) {
    const kept = value.slice(0, limits.maxItems).map((v) => summarize(v, limits, depth + 1));
    return value.length > limits.maxItems ? [...kept, `…(+${value.length - limits.maxItems} items)`] : kept;
  }
  return summarizeObject(value, limits, depth);
}
