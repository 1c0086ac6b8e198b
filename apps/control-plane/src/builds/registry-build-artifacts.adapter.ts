import { Injectable } from '@nestjs/common';
import { ArtifactKind } from '../artifacts/artifact-kind.constant.js';
import { ArtifactService } from '../artifacts/artifact.service.js';
import { ModelService } from '../models/model.service.js';
import { BuildArtifactsPort, type ArtifactRef, type BuildModelVersion } from './build-artifacts.port.js';
import { toOnnxInputs } from './build-device.util.js';

/** `BuildArtifactsPort` over the model registry and the artifact store. */
@Injectable()
export class RegistryBuildArtifacts extends BuildArtifactsPort {
  constructor(
    private readonly models: ModelService,
    private readonly artifacts: ArtifactService,
  ) {
    super();
  }

  async getModelVersion(id: string): Promise<BuildModelVersion | null> {
    const version = await this.models.getVersion(id);
    if (!version) return null;
    return {
      id: version.id,
      onnxSha256: version.onnxSha256,
      inputs: toOnnxInputs(version.onnx.inputs),
      calibrationSha256: version.calibrationSha256,
      simHints: version.simHints ? compactHints(version.simHints) : null,
    };
  }

  downloadRef(sha256: string, deviceId: string, ttlSec?: number): Promise<ArtifactRef> {
    return this.artifacts.createArtifactRef(sha256, { deviceId, ...(ttlSec !== undefined ? { ttlSec } : {}) });
  }

  engineUploadUrl(ttlSec: number): string {
    return this.artifacts.createUploadToken(ArtifactKind.Engine, ttlSec).uploadUrl;
  }

  async engineStored(sha256: string): Promise<boolean> {
    return (await this.artifacts.find(sha256))?.kind === ArtifactKind.Engine;
  }
}

function compactHints(hints: object): Record<string, number> {
  return Object.fromEntries(Object.entries(hints).filter((e): e is [string, number] => typeof e[1] === 'number'));
}
