import type { PgDatabase } from 'drizzle-orm/pg-core';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type * as schema from '../database/schema.js';
import type { enrollmentTokens } from '../database/schema.js';

/** The database or an open transaction: repository methods that must run together take one. */
export type Executor = PgDatabase<NodePgQueryResultHKT, typeof schema>;

export type EnrollmentTokenRow = typeof enrollmentTokens.$inferSelect;

export interface DeviceBrokerCredentials {
  username: string;
  password: string;
  clientId: string;
}
