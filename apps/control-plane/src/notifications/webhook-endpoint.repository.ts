import { Inject, Injectable } from '@nestjs/common';
import { and, arrayContains, asc, eq } from 'drizzle-orm';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { webhookEndpoints } from '../database/schema.js';
import type { AlertSeverity } from './alert-notification.types.js';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

export interface WebhookEndpointPatch {
  url?: string;
  severities?: AlertSeverity[];
  secret?: string;
  enabled?: boolean;
}

/** All webhook_endpoints SQL lives here. */
@Injectable()
export class WebhookEndpointRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  async insert(values: { url: string; secret: string; severities: AlertSeverity[] }): Promise<WebhookEndpointRow> {
    const rows = await this.db.insert(webhookEndpoints).values(values).returning();
    const row = rows[0];
    if (!row) throw new Error('INSERT … RETURNING returned no row');
    return row;
  }

  async update(id: string, patch: WebhookEndpointPatch): Promise<WebhookEndpointRow | undefined> {
    if (Object.keys(patch).length === 0) return this.findById(id);
    const rows = await this.db.update(webhookEndpoints).set(patch).where(eq(webhookEndpoints.id, id)).returning();
    return rows[0];
  }

  /** Its deliveries go with it (ON DELETE CASCADE); their queued jobs then find nothing to do. */
  async delete(id: string): Promise<boolean> {
    const rows = await this.db
      .delete(webhookEndpoints)
      .where(eq(webhookEndpoints.id, id))
      .returning({ id: webhookEndpoints.id });
    return rows.length > 0;
  }

  async findById(id: string): Promise<WebhookEndpointRow | undefined> {
    const rows = await this.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).limit(1);
    return rows[0];
  }

  async list(): Promise<WebhookEndpointRow[]> {
    return this.db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
  }

  async findSubscribed(severity: AlertSeverity): Promise<WebhookEndpointRow[]> {
    return this.db
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.enabled, true), arrayContains(webhookEndpoints.severities, [severity])));
  }
}
