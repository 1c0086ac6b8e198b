import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { webhookDeliveries, webhookEndpoints } from '../database/schema.js';

export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

/** `pending` until a try succeeds or the last try fails; the two others are final. */
export const DeliveryStatus = { Pending: 'pending', Succeeded: 'succeeded', Failed: 'failed' } as const;
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];

export interface NewDelivery {
  endpointId: string;
  alertId: string | null;
  event: string;
  payload: Record<string, unknown>;
}

/** A delivery with what is needed to send it. */
export interface DeliveryTarget {
  id: string;
  event: string;
  payload: Record<string, unknown>;
  status: string;
  url: string;
  secret: string;
  enabled: boolean;
}

const MAX_ERROR_LENGTH = 500;

/** All webhook_deliveries SQL lives here. */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  async insertPending(deliveries: NewDelivery[]): Promise<string[]> {
    if (deliveries.length === 0) return [];
    const rows = await this.db
      .insert(webhookDeliveries)
      .values(deliveries.map((d) => ({ ...d, status: DeliveryStatus.Pending })))
      .returning({ id: webhookDeliveries.id });
    return rows.map((r) => r.id);
  }

  async findTarget(id: string): Promise<DeliveryTarget | undefined> {
    const rows = await this.db
      .select({
        id: webhookDeliveries.id,
        event: webhookDeliveries.event,
        payload: webhookDeliveries.payload,
        status: webhookDeliveries.status,
        url: webhookEndpoints.url,
        secret: webhookEndpoints.secret,
        enabled: webhookEndpoints.enabled,
      })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(eq(webhookDeliveries.id, id))
      .limit(1);
    return rows[0];
  }

  /** Counts the try and closes the delivery; false if it was no longer pending (a duplicate run). */
  async markSucceeded(id: string, statusCode: number, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(webhookDeliveries)
      .set({
        status: DeliveryStatus.Succeeded,
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        lastStatusCode: statusCode,
        lastError: null,
        deliveredAt: at,
      })
      .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, DeliveryStatus.Pending)))
      .returning({ id: webhookDeliveries.id });
    return rows.length > 0;
  }

  /** Counts a failed try; `final` closes the delivery as failed, otherwise it stays pending for a retry. */
  async recordFailure(id: string, statusCode: number | null, error: string, final: boolean): Promise<boolean> {
    const rows = await this.db
      .update(webhookDeliveries)
      .set({
        status: final ? DeliveryStatus.Failed : DeliveryStatus.Pending,
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        lastStatusCode: statusCode,
        lastError: error.slice(0, MAX_ERROR_LENGTH),
      })
      .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, DeliveryStatus.Pending)))
      .returning({ id: webhookDeliveries.id });
    return rows.length > 0;
  }

  /** Closes pending deliveries without a try (queueing failed, endpoint disabled). */
  async abandon(ids: string[], error: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .update(webhookDeliveries)
      .set({ status: DeliveryStatus.Failed, lastError: error.slice(0, MAX_ERROR_LENGTH) })
      .where(and(inArray(webhookDeliveries.id, ids), eq(webhookDeliveries.status, DeliveryStatus.Pending)));
  }

  /** Newest first. */
  async listForEndpoint(endpointId: string, limit: number): Promise<WebhookDeliveryRow[]> {
    return this.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpointId))
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(limit);
  }
}
