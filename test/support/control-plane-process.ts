import request from 'supertest';
import { freePort, spawnNode, type Spawned } from './processes.js';
import type { TestDatabase } from './test-database.js';
import { TEST_ADMIN_API_KEY, TEST_MQTT_URL, TEST_REDIS_URL, uniqueName } from './test-env.js';
import { waitUntil } from './wait-until.js';

/** Environment of a built control-plane process on the test services, with its own queue prefix. */
export function controlPlaneEnv(db: TestDatabase, queuePrefix: string, extra: Record<string, string> = {}) {
  return {
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    MQTT_URL: TEST_MQTT_URL,
    MQTT_SHARE_GROUP: queuePrefix,
    BOOTSTRAP_ADMIN_API_KEY: TEST_ADMIN_API_KEY,
    ...extra,
  };
}

/** Waits for `/health/ready`; on time-out the error carries the process's output. */
export async function waitReady(base: string, proc: Spawned): Promise<void> {
  await waitUntil(async () => (await request(base).get('/health/ready')).status === 200, 30_000, 250).catch(
    (err: Error) => {
      throw new Error(`${err.message}\ncontrol plane output:\n${proc.output()}`);
    },
  );
}

/** Spawns the built single-process control plane (`dist/main.js`) on a free port and waits until ready. */
export async function spawnControlPlane(
  db: TestDatabase,
  extra: Record<string, string> = {},
): Promise<{ proc: Spawned; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawnNode('apps/control-plane/dist/main.js', [], {
    ...controlPlaneEnv(db, uniqueName('jfe'), extra),
    PORT: String(port),
  });
  await waitReady(base, proc);
  return { proc, base };
}
