/**
 * GraphQL gives omitted optional fields as undefined and explicit ones as null; the protocol's
 * recipe schema wants them absent. Drops both, at every level, leaving arrays as they are.
 */
export function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}
