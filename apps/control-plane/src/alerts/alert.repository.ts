import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { alertEvents, alerts } from '../database/schema.js';
import type { AlertCursor } from './alert-cursor.util.js';
import type { AlertEventRow, AlertRow } from './alert.mapper.js';

export interface AlertQuery {
  status?: string;
  deviceId?: string;
  kind?: string;
  severity?: string;
}

/** Alert reads and operator actions for the API. The evaluation's SQL is in AlertEvaluationRepository. */
@Injectable()
export class AlertRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  async findPage(query: AlertQuery, first: number, after: AlertCursor | null): Promise<AlertRow[]> {
    const cursor = after
      ? sql`(${alerts.firedAt}, ${alerts.id}) < (${after.firedAt.toISOString()}::timestamptz, ${after.id}::uuid)`
      : undefined;
    return this.db
      .select()
      .from(alerts)
      .where(this.where(query, cursor))
      .orderBy(desc(alerts.firedAt), desc(alerts.id))
      .limit(first + 1);
  }

  async count(query: AlertQuery): Promise<number> {
    const rows = await this.db.select({ n: count() }).from(alerts).where(this.where(query));
    return rows[0]?.n ?? 0;
  }

  async findById(id: string): Promise<AlertRow | undefined> {
    const rows = await this.db.select().from(alerts).where(eq(alerts.id, id)).limit(1);
    return rows[0];
  }

  /** Open (firing or acknowledged) alerts of many devices in one query, for the DataLoader. */
  async findOpenByDevices(deviceIds: readonly string[]): Promise<AlertRow[]> {
    return this.db
      .select()
      .from(alerts)
      .where(and(inArray(alerts.deviceId, [...deviceIds]), ne(alerts.status, 'resolved')))
      .orderBy(desc(alerts.firedAt), desc(alerts.id));
  }

  async findEventsOf(alertIds: readonly string[]): Promise<AlertEventRow[]> {
    return this.db
      .select()
      .from(alertEvents)
      .where(inArray(alertEvents.alertId, [...alertIds]))
      .orderBy(asc(alertEvents.at), asc(alertEvents.id));
  }

  /** firing → acknowledged with its event; undefined when the alert was not firing. */
  async acknowledge(id: string, by: string | null, now: Date): Promise<AlertRow | undefined> {
    const at = now.toISOString();
    const result = await this.db.execute<{ id: string }>(sql`
      WITH upd AS (
        UPDATE alerts SET status = 'acknowledged', acknowledged_at = ${at}::timestamptz, acknowledged_by = ${by}
        WHERE id = ${id}::uuid AND status = 'firing'
        RETURNING id
      ), ev AS (
        INSERT INTO alert_events (alert_id, type, at, details)
        SELECT id, 'acknowledged', ${at}::timestamptz, ${JSON.stringify(by ? { by } : {})}::jsonb FROM upd
      )
      SELECT id FROM upd`);
    return result.rows.length ? this.findById(id) : undefined;
  }

  private where(query: AlertQuery, extra?: SQL): SQL | undefined {
    const parts: (SQL | undefined)[] = [extra];
    if (query.status !== undefined) parts.push(eq(alerts.status, query.status));
    if (query.deviceId !== undefined) parts.push(eq(alerts.deviceId, query.deviceId));
    if (query.kind !== undefined) parts.push(eq(alerts.kind, query.kind));
    if (query.severity !== undefined) parts.push(eq(alerts.severity, query.severity));
    return and(...parts);
  }
}
