import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { AppModule, type ProcessRole } from '../../apps/control-plane/src/app.module.js';
import { configureApp } from '../../apps/control-plane/src/index.js';
import { applyTestEnv } from './in-process-control-plane.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

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
 * same data. The app is set up by bootstrap.ts' own `configureApp`.
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
  const queuePrefix = applyTestEnv(db, options.env);
  let builder = Test.createTestingModule({ imports: [AppModule.forRole(role)] });
  for (const o of options.overrides ?? []) builder = builder.overrideProvider(o.token).useValue(o.value);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true, abortOnError: false });
  configureApp(app);
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
