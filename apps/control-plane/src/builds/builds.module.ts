import { Module } from '@nestjs/common';
import { ArtifactsModule } from '../artifacts/artifacts.module.js';
import { ModelsModule } from '../models/models.module.js';
import { SigningModule } from '../signing/signing.module.js';
import { BuildArtifactsPort } from './build-artifacts.port.js';
import { BuildDeviceRepository } from './build-device.repository.js';
import { BuildEvents } from './build-events.service.js';
import { BuildJobPublisher } from './build-job.publisher.js';
import { BuildLifecycle } from './build-lifecycle.service.js';
import { BuildParamsFactory } from './build-params.service.js';
import { BuildProgressService } from './build-progress.service.js';
import { BuildQueryService } from './build-query.service.js';
import { BuildQueue } from './build-queue.service.js';
import { BuildResolver } from './build.resolver.js';
import { BuildSchedulerService } from './build-scheduler.service.js';
import { DeviceEngineRepository } from './device-engine.repository.js';
import { EngineBuildOutcomes } from './engine-build-outcomes.service.js';
import { EngineBuildRepository } from './engine-build.repository.js';
import { RegistryBuildArtifacts } from './registry-build-artifacts.adapter.js';

const repositories = [EngineBuildRepository, DeviceEngineRepository, BuildDeviceRepository];
const services = [
  BuildEvents,
  BuildJobPublisher,
  BuildQueue,
  BuildParamsFactory,
  BuildLifecycle,
  BuildSchedulerService,
  BuildProgressService,
  BuildQueryService,
  EngineBuildOutcomes,
];

/**
 * Engine builds for the API: scheduling, cancellation, queries and the subscription, and the
 * handler of job progress from devices (`BuildProgressService`, called by the ingest).
 */
@Module({
  imports: [ModelsModule, ArtifactsModule, SigningModule],
  providers: [
    ...repositories,
    ...services,
    BuildResolver,
    { provide: BuildArtifactsPort, useClass: RegistryBuildArtifacts },
  ],
  exports: [...repositories, ...services, BuildArtifactsPort],
})
export class BuildsModule {}
