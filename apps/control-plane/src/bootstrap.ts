import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { describeServiceError } from './common/service-errors.js';
import { findUnreachableServices } from './common/service-preflight.js';
import { AppModule, type ProcessRole } from './app.module.js';
import { AppConfig } from './config/app-config.service.js';
import { InvalidConfigError, validateEnv } from './config/validate-env.js';

export interface StartedApp {
  app: NestExpressApplication;
  url: string | null;
}

/** Builds and starts the control plane for one role. Throws a readable error when it cannot. */
export async function startControlPlane(role: ProcessRole): Promise<StartedApp> {
  const env = validateEnv(process.env);
  const unreachable = await findUnreachableServices([
    { name: 'PostgreSQL', url: env.DATABASE_URL },
    { name: 'Redis', url: env.REDIS_URL },
    { name: 'MQTT broker', url: env.MQTT_URL },
  ]);
  if (unreachable.length) throw new ServiceUnavailableError(unreachable);

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRole(role), {
    bufferLogs: true,
    abortOnError: false,
  });
  configureApp(app);
  if (role === 'worker') {
    await app.init();
    return { app, url: null };
  }
  await app.listen(env.PORT, env.HOST);
  return { app, url: `http://localhost:${env.PORT}/graphql` };
}

/** What every control-plane app gets before it starts, in production and in tests alike. */
export function configureApp(app: NestExpressApplication): void {
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  // Bounds operator request bodies (GraphQL); larger ones get 413 before any parsing. Artifact
  // uploads are raw streams with their own limit (ARTIFACT_MAX_BYTES).
  app.useBodyParser('json', { limit: app.get(AppConfig).get('HTTP_JSON_BODY_LIMIT_BYTES') });
}

export class ServiceUnavailableError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ServiceUnavailableError';
  }
}

/** Entry-point wrapper: prints configuration and connection problems as text, not stack traces. */
export async function runMain(role: ProcessRole): Promise<void> {
  try {
    const { url } = await startControlPlane(role);
    if (url) console.log(`jetfleet control plane (${role}) ready: ${url}`);
    else console.log(`jetfleet control plane (${role}) ready`);
  } catch (err) {
    if (err instanceof InvalidConfigError || err instanceof ServiceUnavailableError) {
      console.error(err.message);
    } else {
      console.error(describeServiceError(err) ?? err);
    }
    process.exit(1);
  }
}
