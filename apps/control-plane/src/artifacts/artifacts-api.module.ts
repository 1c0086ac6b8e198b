import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ArtifactController } from './artifact.controller.js';
import { ArtifactHttpService } from './artifact-http.service.js';
import { ArtifactResolver } from './artifact.resolver.js';
import { ArtifactsModule } from './artifacts.module.js';

/** API process only: the upload/download routes and the artifact GraphQL fields. */
@Module({
  imports: [ArtifactsModule, AuthModule],
  controllers: [ArtifactController],
  providers: [ArtifactHttpService, ArtifactResolver],
})
export class ArtifactsApiModule {}
