import { Injectable, Logger } from '@nestjs/common';
import { AuditLogRepository, type AuditRow, type NewAuditRow } from './audit-log.repository.js';
import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor.util.js';
import { InvalidAuthInputException } from './auth.exception.js';

export const MAX_AUDIT_PAGE = 500;

export interface AuditPage {
  rows: { cursor: string; row: AuditRow }[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Writes the audit trail of mutations and reads it back for admins. */
@Injectable()
export class AuditLogService {
  private readonly logger = new Logger('Audit');

  constructor(private readonly repo: AuditLogRepository) {}

  /**
   * Never throws: the mutation has already happened, so a failed write is logged in full
   * (the entries included) rather than turned into an error for the caller.
   */
  async record(entries: NewAuditRow[]): Promise<void> {
    try {
      await this.repo.insertMany(entries);
    } catch (err) {
      this.logger.error({ err, entries }, 'could not write the audit log');
    }
  }

  async list(first: number, after: string | null, action: string | null): Promise<AuditPage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_AUDIT_PAGE) {
      throw new InvalidAuthInputException(`first must be between 1 and ${MAX_AUDIT_PAGE}`, { first });
    }
    const beforeId = after === null ? null : decodeAuditCursor(after);
    if (after !== null && beforeId === null) throw new InvalidAuthInputException('after is not a valid cursor');
    const rows = await this.repo.page(first + 1, beforeId, action);
    const page = rows.slice(0, first).map((row) => ({ cursor: encodeAuditCursor(row.id), row }));
    return { rows: page, hasNextPage: rows.length > first, endCursor: page.at(-1)?.cursor ?? null };
  }
}
