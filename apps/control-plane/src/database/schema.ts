import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, real, text, timestamp } from 'drizzle-orm/pg-core';

// Kept free of relative imports: drizzle-kit loads this file on its own to generate migrations.

export const devices = pgTable(
  'devices',
  {
    id: text('id').primaryKey(),
    module: text('module').notNull(),
    hardware: jsonb('hardware').$type<Record<string, unknown>>().notNull(),
    agentVersion: text('agent_version').notNull(),
    protocolVersion: integer('protocol_version').notNull(),
    online: boolean('online').notNull().default(false),
    /** Session of the latest birth; a Last Will of another session is stale and ignored. */
    sessionId: text('session_id'),
    heartbeatSec: real('heartbeat_sec').notNull(),
    offlineReason: text('offline_reason'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    lastTelemetry: jsonb('last_telemetry').$type<Record<string, unknown>>(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('devices_online_idx').on(t.online),
    index('devices_module_idx').on(t.module),
    index('devices_tags_idx').using('gin', t.tags),
  ],
);

export type DeviceRow = typeof devices.$inferSelect;
