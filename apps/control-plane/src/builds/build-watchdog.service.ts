import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config.service.js';
import { BuildDispatchService } from './build-dispatch.service.js';
import { buildJobId } from './build-job-id.util.js';
import { BuildJobPublisher } from './build-job.publisher.js';
import { BuildLifecycle } from './build-lifecycle.service.js';
import { BuildParamsFactory } from './build-params.service.js';
import { BuildState } from './build-state.constant.js';
import { EngineBuildRepository } from './engine-build.repository.js';
import { EngineDistributionService } from './engine-distribution.service.js';

export interface WatchdogRun {
  resent: number;
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

  /** When this process last sent each running attempt's job again (at most once per silence period). */
  private readonly resentAt = new Map<string, number>();

  constructor(
    private readonly builds: EngineBuildRepository,
    private readonly params: BuildParamsFactory,
    private readonly publisher: BuildJobPublisher,
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
    const resent = await this.resendSilent(now);
    const fetchesSent = await this.distribution.sendWaitingFetches(now);
    const { dispatched } = await this.dispatch.dispatchDue(now);
    if (timedOut || builderOffline) {
      this.logger.warn(`build watchdog: ${timedOut} attempt(s) timed out, ${builderOffline} lost their builder`);
    }
    return { resent, timedOut, builderOffline, fetchesSent, dispatched };
  }

  /**
   * Sends a running attempt's job to its builder again once it has been running for a while. A
   * builder that finished while the control plane was down (its progress message lost with the
   * connection) answers a repeated job id with its final progress; one still building ignores it.
   */
  private async resendSilent(now: Date): Promise<number> {
    const silentMs = this.config.get('BUILD_RESEND_SILENT_SEC') * 1000;
    let resent = 0;
    for (const row of await this.builds.runningSince(new Date(now.getTime() - silentMs))) {
      const key = `${row.id}:${row.attempt}`;
      if (!row.builderDeviceId || now.getTime() - (this.resentAt.get(key) ?? 0) < silentMs) continue;
      this.resentAt.set(key, now.getTime());
      try {
        const params = await this.params.forDevice(row, row.builderDeviceId, { upload: true });
        await this.publisher.sendBuild(
          row.builderDeviceId,
          buildJobId(row.id, row.attempt),
          params,
          this.config.get('BUILD_TIMEOUT_SEC'),
        );
        resent++;
      } catch (err) {
        this.logger.warn(`build ${row.id}: job not sent again: ${(err as Error).message}`);
      }
    }
    if (this.resentAt.size > 10_000) this.resentAt.clear();
    return resent;
  }
}
