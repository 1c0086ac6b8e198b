import { Module } from '@nestjs/common';
import { ArtifactsModule } from '../artifacts/artifacts.module.js';
import { ModelRepository } from './model.repository.js';
import { ModelResolver } from './model.resolver.js';
import { ModelService } from './model.service.js';

@Module({
  imports: [ArtifactsModule],
  providers: [ModelRepository, ModelService, ModelResolver],
  exports: [ModelService],
})
export class ModelsModule {}
