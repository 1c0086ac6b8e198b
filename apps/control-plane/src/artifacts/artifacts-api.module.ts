import { Module } from '@nestjs/common';
import { ArtifactController } from './artifact.controller.js';
import { ArtifactHttpService } from './artifact-http.service.js';
import { ArtifactResolver } from './artifact.resolver.js';
import { ArtifactsModule } from './artifacts.module.js';

/** API process only: the upload/download routes and the artifact GraphQL fields. */
@Module({
  imports: [ArtifactsModule],
  controllers: [ArtifactController],
  providers: [ArtifactHttpService, ArtifactResolver],
})
export class ArtifactsApiModule {}
