import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config.service.js';
import { BuildDispatchService } from './build-dispatch.service.js';
import { BuildLifecycle } from './build-lifecycle.service.js';
import { BuildState } from './build-state.constant.js';
import { EngineBuildRepository } from './engine-build.repository.js';
import { EngineDistributionService } from './engine-distribution.service.js';

export interface WatchdogRun {
  timedOut: number;
  builderOffline: number;
  fetchesSent: number;
  dispatched: number;
}

/**
 * The periodic safety net, one BullMQ job scheduler across all workers: attempts past their
 * deadline time out; an attempt whose builder went offline fails (it cannot finish, and the
 * device will not remember it); due retries and builds held back by the class limit are
 * dispatched; devices that came back online get the engine their class already has.
 */
@Injectable()
export class BuildWatchdogService {
  private readonly logger = new Logger(BuildWatchdogService.name);

  constructor(
    private readonly builds: EngineBuildRepository,
    private readonly lifecycle: BuildLifecycle,
    private readonly dispatch: BuildDispatchService,
    private readonly distribution: EngineDistributionService,
    private readonly config: AppConfig,
  ) {}

  async run(now = new Date()): Promise<WatchdogRun> {
    const timeoutSec = this.config.get('BUILD_TIMEOUT_SEC');
    let timedOut = 0;
    for (const ref of await this.builds.overdue(new Date(now.getTime() - timeoutSec * 1000))) {
      const row = await this.lifecycle.failAttempt(
        ref,
        BuildState.TimedOut,
        `attempt ${ref.attempt} on ${ref.builderDeviceId ?? '?'} did not finish within ${timeoutSec} s`,
        null,
      );
      if (row) timedOut++;
    }
    let builderOffline = 0;
    for (const ref of await this.builds.onOfflineBuilders()) {
      const row = await this.lifecycle.failAttempt(
        ref,
        BuildState.Failed,
        `attempt ${ref.attempt}: builder ${ref.builderDeviceId ?? '?'} went offline (${ref.offlineReason ?? 'unknown'})`,
        null,
      );
      if (row) builderOffline++;
    }
    const fetchesSent = await this.distribution.sendWaitingFetches(now);
    const { dispatched } = await this.dispatch.dispatchDue(now);
    if (timedOut || builderOffline) {
      this.logger.warn(`build watchdog: ${timedOut} attempt(s) timed out, ${builderOffline} lost their builder`);
    }
    return { timedOut, builderOffline, fetchesSent, dispatched };
  }
}
