import { Inject, Injectable } from '@nestjs/common';
import { asc, eq } from 'drizzle-orm';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { alertRules } from '../database/schema.js';
import type { AlertRuleRecord } from './alert-evaluation.types.js';
import type { AlertRuleRow } from './alert.mapper.js';

@Injectable()
export class AlertRuleRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  async findAll(): Promise<AlertRuleRow[]> {
    return this.db
      .select()
      .from(alertRules)
      .orderBy(asc(alertRules.kind), asc(alertRules.scopeKind), asc(alertRules.scopeValue));
  }

  /** One rule per (kind, scope kind, scope value): setting it again replaces it. */
  async upsert(rule: Omit<AlertRuleRecord, 'id'>): Promise<AlertRuleRow> {
    const rows = await this.db
      .insert(alertRules)
      .values(rule)
      .onConflictDoUpdate({
        target: [alertRules.kind, alertRules.scopeKind, alertRules.scopeValue],
        set: { severity: rule.severity, params: rule.params, enabled: rule.enabled },
      })
      .returning();
    const row = rows[0];
    if (!row) throw new Error('upsert returned no row');
    return row;
  }

  async delete(id: string): Promise<AlertRuleRow | undefined> {
    const rows = await this.db.delete(alertRules).where(eq(alertRules.id, id)).returning();
    return rows[0];
  }
}
