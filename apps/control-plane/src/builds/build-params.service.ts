import { Injectable } from '@nestjs/common';
import { buildRecipeSchema, type BuildEngineParams } from '@jetfleet/protocol';
import { AppConfig } from '../config/app-config.service.js';
import { BuildArtifactsPort } from './build-artifacts.port.js';
import type { EngineBuildRow } from './engine-build.repository.js';

/** A builder gets this long on top of the build timeout to start its upload. */
const UPLOAD_GRACE_SEC = 600;

/** Makes the `build-engine` params for one device: download URLs bound to it, and where to upload. */
@Injectable()
export class BuildParamsFactory {
  constructor(
    private readonly artifacts: BuildArtifactsPort,
    private readonly config: AppConfig,
  ) {}

  /** `upload: false` for a local fallback build: the device keeps the engine and uploads nothing. */
  async forDevice(row: EngineBuildRow, deviceId: string, options: { upload: boolean }): Promise<BuildEngineParams> {
    const version = await this.artifacts.getModelVersion(row.modelVersionId);
    if (!version) throw new Error(`model version ${row.modelVersionId} not found`);
    const ttlSec = this.config.get('BUILD_TIMEOUT_SEC');
    const recipe = buildRecipeSchema.parse(row.recipe);
    const int8 = recipe.precision === 'INT8' || recipe.precision === 'BEST';
    const calibration = int8 && !recipe.explicitQuantization ? version.calibrationSha256 : null;
    return {
      buildId: row.id,
      modelVersionId: row.modelVersionId,
      recipe,
      onnx: await this.artifacts.downloadRef(version.onnxSha256, deviceId, ttlSec),
      ...(calibration ? { calibration: await this.artifacts.downloadRef(calibration, deviceId, ttlSec) } : {}),
      ...(options.upload ? { engineUploadUrl: this.artifacts.engineUploadUrl(ttlSec + UPLOAD_GRACE_SEC) } : {}),
      ...(version.simHints ? { simHints: version.simHints } : {}),
    };
  }
}
