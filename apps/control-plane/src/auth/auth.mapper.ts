import type { ApiKeyRow } from './api-key.repository.js';
import type { AuditRow } from './audit-log.repository.js';
import type { ApiKey, ApiKeyRole } from './dto/api-key.type.js';
import type { AuditEntry } from './dto/audit-entry.type.js';

export const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  role: row.role as ApiKeyRole,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
  expiresAt: row.expiresAt,
  revokedAt: row.revokedAt,
});

export const toAuditEntry = (row: AuditRow): AuditEntry => ({
  id: String(row.id),
  at: row.at,
  actorKeyId: row.actorKeyId,
  actorName: row.actorName,
  role: row.role,
  action: row.action,
  input: row.inputSummary ? JSON.stringify(row.inputSummary) : null,
  outcome: row.outcome,
  errorCode: row.errorCode,
});
