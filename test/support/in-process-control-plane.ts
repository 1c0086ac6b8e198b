import type { INestApplication } from '@nestjs/common';
import { startControlPlane, type ProcessRole } from '../../apps/control-plane/src/index.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { TEST_ADMIN_API_KEY, TEST_MQTT_URL, TEST_REDIS_URL, uniqueName } from './test-env.js';

export interface InProcessControlPlane {
  app: INestApplication;
  db: TestDatabase;
  queuePrefix: string;
  close(): Promise<void>;
}

/**
 * The real control plane, started in this test process against real services: its own
 * database, its own BullMQ prefix and share group, and the project's test broker.
 */
export async function startInProcess(
  env: Record<string, string> = {},
  role: ProcessRole = 'all',
): Promise<InProcessControlPlane> {
  const db = await createTestDatabase();
  const queuePrefix = applyTestEnv(db, env);
  const { app } = await startControlPlane(role);
  return {
    app,
    db,
    queuePrefix,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/**
 * Points this process's control-plane configuration at `db`, the test Redis and broker, with a
 * fresh queue prefix and share group; returns the prefix.
 */
export function applyTestEnv(db: TestDatabase, env: Record<string, string> = {}): string {
  const queuePrefix = uniqueName('jft');
  Object.assign(process.env, {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    DB_AUTO_MIGRATE: 'false',
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    MQTT_URL: TEST_MQTT_URL,
    MQTT_SHARE_GROUP: queuePrefix,
    BOOTSTRAP_ADMIN_API_KEY: TEST_ADMIN_API_KEY,
    ...env,
  });
  return queuePrefix;
}
