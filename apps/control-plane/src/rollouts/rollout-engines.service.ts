import { Injectable, Logger } from '@nestjs/common';
import { BuildSchedulerService } from '../builds/build-scheduler.service.js';
import { BuildState, UNSUCCESSFUL_BUILD_STATES } from '../builds/build-state.constant.js';
import { EngineBuildRepository } from '../builds/engine-build.repository.js';
import type { RolloutRow } from './rollout.repository.js';

export type ClassEngine =
  | { state: 'ready'; engineSha256: string; buildId: string }
  | { state: 'building'; buildId: string | null }
  | { state: 'failed'; reason: string };

/**
 * The engine of each compatibility class a rollout needs. Builds are the builds feature's: a class
 * without one gets it scheduled with the devices that need it (one of them builds), so engines
 * are built once per class and only for classes a stage actually reaches.
 */
@Injectable()
export class RolloutEngines {
  private readonly logger = new Logger(RolloutEngines.name);

  constructor(
    private readonly builds: EngineBuildRepository,
    private readonly scheduler: BuildSchedulerService,
  ) {}

  async forClasses(rollout: RolloutRow, devicesByClass: Map<string, string[]>): Promise<Map<string, ClassEngine>> {
    const keys = [...devicesByClass.keys()];
    const decisive = await this.builds.decisivePerKey(rollout.modelVersionId, rollout.recipeHash, keys);
    const out = new Map<string, ClassEngine>();
    const missing: string[] = [];
    for (const key of keys) {
      const build = decisive.get(key);
      if (!build) {
        missing.push(key);
        out.set(key, { state: 'building', buildId: null });
      } else if (build.state === BuildState.Succeeded && build.engineSha256) {
        out.set(key, { state: 'ready', engineSha256: build.engineSha256, buildId: build.id });
      } else if ((UNSUCCESSFUL_BUILD_STATES as readonly string[]).includes(build.state)) {
        out.set(key, {
          state: 'failed',
          reason: `engine build ${build.id} ${build.state}: ${build.error ?? 'no detail'}`,
        });
      } else {
        out.set(key, { state: 'building', buildId: build.id });
      }
    }
    if (missing.length) {
      const deviceIds = missing.flatMap((k) => devicesByClass.get(k) ?? []);
      try {
        await this.scheduler.scheduleEngineBuilds(rollout.modelVersionId, rollout.recipe, { deviceIds });
      } catch (err) {
        const reason = `engine build could not be scheduled: ${(err as Error).message}`;
        this.logger.warn(`rollout ${rollout.id}: ${reason}`);
        for (const k of missing) out.set(k, { state: 'failed', reason });
      }
    }
    return out;
  }
}
