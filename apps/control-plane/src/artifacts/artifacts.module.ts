import path from 'node:path';
import { ArtifactStatsService } from './artifact-stats.service.js';
import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.service.js';
import { InvalidConfigError } from '../config/validate-env.js';
import { ArtifactRepository } from './artifact.repository.js';
import { ArtifactService } from './artifact.service.js';
import { ArtifactTokenService } from './artifact-token.service.js';
import { ArtifactStore } from './store/artifact-store.js';
import { LocalArtifactStore } from './store/local-artifact.store.js';
import { S3ArtifactStore } from './store/s3-artifact.store.js';

function createStore(config: AppConfig): ArtifactStore {
  const dir = config.get('ARTIFACT_DIR');
  switch (config.get('ARTIFACT_STORE')) {
    case 'local':
      return new LocalArtifactStore(dir);
    case 's3': {
      const bucket = config.get('S3_BUCKET');
      if (!bucket) throw new InvalidConfigError(['S3_BUCKET: required when ARTIFACT_STORE=s3']);
      return S3ArtifactStore.create(
        {
          bucket,
          region: config.get('S3_REGION'),
          endpoint: config.get('S3_ENDPOINT'),
          forcePathStyle: config.get('S3_FORCE_PATH_STYLE'),
          accessKeyId: config.get('S3_ACCESS_KEY_ID'),
          secretAccessKey: config.get('S3_SECRET_ACCESS_KEY'),
        },
        path.resolve(dir, 'tmp'),
      );
    }
  }
}

/**
 * The artifact registry and store, for any process: features that hand artifacts to devices
 * (builds, rollouts) import this. The HTTP routes are in `ArtifactsApiModule`.
 */
@Module({
  providers: [
    ArtifactStatsService,
    ArtifactRepository,
    ArtifactTokenService,
    ArtifactService,
    { provide: ArtifactStore, inject: [AppConfig], useFactory: createStore },
  ],
  exports: [ArtifactService, ArtifactStore, ArtifactTokenService, ArtifactStatsService],
})
export class ArtifactsModule {}
