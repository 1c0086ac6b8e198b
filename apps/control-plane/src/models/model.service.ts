import { Injectable } from '@nestjs/common';
import { ArtifactKind } from '../artifacts/artifact-kind.constant.js';
import { ArtifactService } from '../artifacts/artifact.service.js';
import { toModelVersion } from './model.mapper.js';
import { ModelRepository } from './model.repository.js';
import {
  InvalidModelInputException,
  ModelArtifactNotFoundException,
  ModelVersionExistsException,
} from './model.exception.js';
import { checkRegisterInput, compactSimHints } from './model-version-input.util.js';
import type { ModelRecord, ModelVersionRecord, RegisterModelVersion } from './model-version.types.js';
import { isUuid } from '../common/uuid.util.js';

/** The model registry: models, their versions, and what each version's ONNX file says. */
@Injectable()
export class ModelService {
  constructor(
    private readonly repo: ModelRepository,
    private readonly artifacts: ArtifactService,
  ) {}

  /**
   * Registers a version of a model (creating the model on its first version). The ONNX,
   * calibration and golden artifacts must have been uploaded with those kinds; the ONNX
   * description is stored with the version so builds can check recipes without the file.
   */
  async registerVersion(input: RegisterModelVersion): Promise<ModelVersionRecord> {
    const problems = checkRegisterInput(input);
    if (problems.length) {
      throw new InvalidModelInputException(problems.map((p) => `${p.field} ${p.message}`).join('; '), { problems });
    }
    await this.requireArtifacts([
      ['onnxSha256', input.onnxSha256, ArtifactKind.Onnx],
      ['calibrationSha256', input.calibrationSha256, ArtifactKind.Calibration],
      ['goldenSha256', input.goldenSha256, ArtifactKind.Golden],
    ]);
    const onnx = await this.artifacts.onnxInfo(input.onnxSha256);
    const row = await this.repo.insertVersion(input.modelName, {
      version: input.version,
      onnxSha256: input.onnxSha256,
      onnxInfo: onnx as unknown as Record<string, unknown>,
      inputDescription: input.inputDescription ?? null,
      calibrationSha256: input.calibrationSha256 ?? null,
      goldenSha256: input.goldenSha256 ?? null,
      simHints: compactSimHints(input.simHints) as Record<string, number> | null,
    });
    if (!row) throw new ModelVersionExistsException(input.modelName, input.version);
    return toModelVersion(row);
  }

  listModels(): Promise<ModelRecord[]> {
    return this.repo.listModels();
  }

  async getModel(name: string): Promise<ModelRecord | null> {
    return (await this.repo.findModelByName(name)) ?? null;
  }

  /** Versions of each model, newest first, in the order of `modelIds` (a DataLoader batch). */
  async versionsOfModels(modelIds: readonly string[]): Promise<ModelVersionRecord[][]> {
    const rows = await this.repo.versionsOfModels(modelIds);
    const byModel = new Map<string, ModelVersionRecord[]>(modelIds.map((id) => [id, []]));
    for (const row of rows) byModel.get(row.modelId)?.push(toModelVersion(row));
    return modelIds.map((id) => byModel.get(id) ?? []);
  }

  async getVersion(id: string): Promise<ModelVersionRecord | null> {
    if (!isUuid(id)) return null;
    const row = await this.repo.findVersion(id);
    return row ? toModelVersion(row) : null;
  }

  async getVersionByName(modelName: string, version: string): Promise<ModelVersionRecord | null> {
    const row = await this.repo.findVersionByName(modelName, version);
    return row ? toModelVersion(row) : null;
  }

  private async requireArtifacts(refs: [string, string | null | undefined, ArtifactKind][]): Promise<void> {
    const wanted = refs.filter((r): r is [string, string, ArtifactKind] => r[1] != null);
    const found = new Map((await this.artifacts.findMany(wanted.map((r) => r[1]))).map((a) => [a.sha256, a]));
    for (const [field, sha256, kind] of wanted) {
      const artifact = found.get(sha256);
      if (!artifact) throw new ModelArtifactNotFoundException(field, sha256);
      if (artifact.kind !== kind) {
        throw new InvalidModelInputException(
          `${field}: artifact ${sha256} was uploaded as ${artifact.kind}, but a ${kind} artifact is needed`,
          { field, sha256, kind: artifact.kind, expectedKind: kind },
        );
      }
    }
  }
}
