import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, lt } from 'drizzle-orm';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { auditLog } from '../database/schema.js';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = typeof auditLog.$inferInsert;

/** All audit_log SQL lives here. Rows are only ever inserted. */
@Injectable()
export class AuditLogRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  async insertMany(rows: NewAuditRow[]): Promise<void> {
    if (rows.length) await this.db.insert(auditLog).values(rows);
  }

  /** Newest first; `limit` rows with an id below `beforeId`, optionally of one action. */
  page(limit: number, beforeId: number | null, action: string | null): Promise<AuditRow[]> {
    return this.db
      .select()
      .from(auditLog)
      .where(
        and(
          beforeId === null ? undefined : lt(auditLog.id, beforeId),
          action === null ? undefined : eq(auditLog.action, action),
        ),
      )
      .orderBy(desc(auditLog.id))
      .limit(limit);
  }
}
