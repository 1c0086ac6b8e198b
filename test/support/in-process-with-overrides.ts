import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import { AppModule, type ProcessRole } from '../../apps/control-plane/src/app.module.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { TEST_MQTT_URL, TEST_REDIS_URL, uniqueName } from './test-env.js';

export interface ProviderOverride {
  token: unknown;
  value: unknown;
}

export interface OverriddenControlPlane {
  app: NestExpressApplication;
  db: TestDatabase;
  queuePrefix: string;
  /** Closes the app and keeps the database, e.g. to start another control plane on it. */
  stop(): Promise<void>;
  /** Closes the app, and drops the database if this call created it. */
  close(): Promise<void>;
}

/**
 * Like startInProcess, with two additions: providers replaced by test doubles (Nest's
 * overrideProvider), and an existing database, so a test can restart the control plane on the
 * same data. Mirrors bootstrap.ts' setup of the app.
 */
export async function startInProcessWithOverrides(
  options: {
    env?: Record<string, string>;
    role?: ProcessRole;
    database?: TestDatabase;
    overrides?: readonly ProviderOverride[];
  } = {},
): Promise<OverriddenControlPlane> {
  const role = options.role ?? 'all';
  const db = options.database ?? (await createTestDatabase());
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
    ...options.env,
  });
  let builder = Test.createTestingModule({ imports: [AppModule.forRole(role)] });
  for (const o of options.overrides ?? []) builder = builder.overrideProvider(o.token).useValue(o.value);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: '256kb' });
  if (role === 'worker') await app.init();
  else await app.listen(0, '127.0.0.1');
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };
  return {
    app,
    db,
    queuePrefix,
    stop,
    async close() {
      await stop();
      if (!options.database) await db.drop();
    },
  };
}
