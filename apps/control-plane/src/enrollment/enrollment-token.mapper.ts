import type { EnrollmentToken } from './dto/enrollment-token.type.js';
import { parseTokenScope, tokenState } from './enrollment-token.util.js';
import type { EnrollmentTokenRow } from './enrollment.types.js';

export function toEnrollmentToken(row: EnrollmentTokenRow, now = new Date()): EnrollmentToken {
  const scope = parseTokenScope(row.scope);
  return {
    id: row.id,
    name: row.name,
    tags: scope.tags ?? [],
    deviceIdPrefix: scope.deviceIdPrefix ?? null,
    maxUses: row.maxUses,
    uses: row.uses,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    revokedAt: row.revokedAt,
    state: tokenState(row, now),
  };
}
