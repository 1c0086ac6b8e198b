import pg from 'pg';
import { runMigrations } from '../../apps/control-plane/src/database/migrate.js';
import { TEMPLATE_DB, TEST_PG_URL, databaseUrl } from '../support/test-env.js';

/**
 * Builds a migrated template database once per run; each test file clones it (fast, and every
 * file starts from the real migrations rather than a hand-made schema).
 */
export default async function setup(): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await runMigrations(databaseUrl(TEMPLATE_DB));
}
