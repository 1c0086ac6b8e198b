import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * `column = ANY($1::text[])`: one parameter for any number of ids. drizzle's `inArray` spends one
 * parameter per value, and PostgreSQL takes at most 65,535 per statement (a 100,000-device stage).
 */
export const anyText = (column: AnyColumn, values: readonly string[]): SQL =>
  sql`${column} = ANY(${sql.param([...values])}::text[])`;
