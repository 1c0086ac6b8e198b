import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AlertsWorkerModule } from './alerts/alerts-worker.module.js';
import { AlertsModule } from './alerts/alerts.module.js';
import { ArtifactsApiModule } from './artifacts/artifacts-api.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BuildsWorkerModule } from './builds/builds-worker.module.js';
import { BuildsModule } from './builds/builds.module.js';
import { AppConfig } from './config/app-config.service.js';
import { AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DevicesWorkerModule } from './devices/devices-worker.module.js';
import { DevicesModule } from './devices/devices.module.js';
import { EnrollmentModule } from './enrollment/enrollment.module.js';
import { DataLoadersModule } from './graphql/data-loaders.js';
import { ApiGraphqlModule } from './graphql/graphql.module.js';
import { HealthModule } from './health/health.module.js';
import { IngestModule } from './ingest/ingest.module.js';
import { ModelsModule } from './models/models.module.js';
import { MqttModule } from './mqtt/mqtt.module.js';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PubSubModule } from './pubsub/pubsub.module.js';
import { TelemetryWorkerModule } from './telemetry/telemetry-worker.module.js';
import { TelemetryModule } from './telemetry/telemetry.module.js';
import { QueueModule } from './queue/queue.module.js';
import { SigningApiModule } from './signing/signing-api.module.js';
import { SigningModule } from './signing/signing.module.js';
import { RolloutsWorkerModule } from './rollouts/rollouts-worker.module.js';
import { RolloutsModule } from './rollouts/rollouts.module.js';

/** `api` serves GraphQL and ingests MQTT; `worker` runs BullMQ processors; `all` does both. */
export type ProcessRole = 'api' | 'worker' | 'all';

/** Built per call, not at import: configuration must be read after the caller set the environment. */
const infrastructure = (): NonNullable<ModuleMetadata['imports']> => [
  AppConfigModule.forRoot(),
  LoggerModule.forRootAsync({
    inject: [AppConfig],
    useFactory: (config: AppConfig) => ({
      pinoHttp: {
        level: config.get('LOG_LEVEL'),
        autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
        // Artifact URLs carry their bearer token in the query string.
        redact: ['req.headers.authorization', 'req.headers.cookie', 'req.query.token'],
        serializers: {
          req: (req: { url?: string }) => {
            if (req.url) req.url = req.url.replace(/([?&]token=)[^&]*/g, '$1[Redacted]');
            return req;
          },
        },
      },
    }),
  }),
  DatabaseModule,
  QueueModule,
  PubSubModule,
  DataLoadersModule,
];

@Module({})
export class AppModule {
  static forRole(role: ProcessRole): DynamicModule {
    const api = role === 'api' || role === 'all';
    const worker = role === 'worker' || role === 'all';
    return {
      module: AppModule,
      imports: [
        ...infrastructure(),
        // The broker connection is needed by the API (ingest) and, with the health check, by both.
        MqttModule,
        HealthModule,
        DevicesModule,
        NotificationsModule,
        // The deployment signing key: both roles send documents to devices.
        SigningModule,
        // AuthModule: API keys, the global RolesGuard and the audit log (GraphQL is API-only).
        ...(api ? [AuthModule, ApiGraphqlModule, IngestModule, TelemetryModule, AlertsModule] : []),
        // Artifact HTTP routes and the model registry are served by the API process.
        ...(api ? [ArtifactsApiModule, ModelsModule, BuildsModule, RolloutsModule] : []),
        // Device enrollment (POST /enroll) and broker credentials.
        ...(api ? [EnrollmentModule] : []),
        // GET /signing-key and the signingPublicKey query.
        ...(api ? [SigningApiModule] : []),
        ...(worker
          ? [
              DevicesWorkerModule,
              TelemetryWorkerModule,
              NotificationsWorkerModule,
              AlertsWorkerModule,
              BuildsWorkerModule,
              RolloutsWorkerModule,
            ]
          : []),
      ],
    };
  }
}
