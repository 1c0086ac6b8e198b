import { Injectable } from '@nestjs/common';
import { toDeviceEngine, toEngineBuild } from './build.mapper.js';
import { InvalidBuildInputException } from './build.exception.js';
import { DeviceEngineRepository, type EngineClass } from './device-engine.repository.js';
import type { DeviceEngine } from './dto/device-engine.type.js';
import type { EngineBuild } from './dto/engine-build.type.js';
import type { EngineBuildsFilter } from './dto/engine-builds-filter.input.js';
import { EngineBuildRepository } from './engine-build.repository.js';
import { isUuid } from '../common/uuid.util.js';

export const MAX_BUILDS_PAGE = 500;

/** Reads for GraphQL: builds by filter, one build, and the device engines of each build's class. */
@Injectable()
export class BuildQueryService {
  constructor(
    private readonly builds: EngineBuildRepository,
    private readonly engines: DeviceEngineRepository,
  ) {}

  async list(filter: EngineBuildsFilter, first: number): Promise<EngineBuild[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_BUILDS_PAGE) {
      throw new InvalidBuildInputException(`first must be between 1 and ${MAX_BUILDS_PAGE}`, { first });
    }
    if (filter.modelVersionId != null && !isUuid(filter.modelVersionId)) return [];
    const rows = await this.builds.list(
      {
        ...(filter.modelVersionId != null ? { modelVersionId: filter.modelVersionId } : {}),
        ...(filter.compatKey != null ? { compatKey: filter.compatKey } : {}),
        ...(filter.state != null ? { state: filter.state } : {}),
      },
      first,
    );
    return rows.map(toEngineBuild);
  }

  async get(id: string): Promise<EngineBuild | null> {
    if (!isUuid(id)) return null;
    const row = await this.builds.findById(id);
    return row ? toEngineBuild(row) : null;
  }

  /** In the order of `classes` (a DataLoader batch). */
  async deviceEnginesOf(classes: readonly EngineClass[]): Promise<DeviceEngine[][]> {
    const key = (c: EngineClass) => `${c.modelVersionId}\n${c.recipeHash}\n${c.compatKey}`;
    const byClass = new Map<string, DeviceEngine[]>(classes.map((c) => [key(c), []]));
    for (const row of await this.engines.ofClasses(classes)) byClass.get(key(row))?.push(toDeviceEngine(row));
    return classes.map((c) => byClass.get(key(c)) ?? []);
  }
}
