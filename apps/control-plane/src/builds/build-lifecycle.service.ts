import { Injectable } from '@nestjs/common';
import type { BuildEngineResult } from '@jetfleet/protocol';
import { AppConfig } from '../config/app-config.service.js';
import { BuildArtifactsPort } from './build-artifacts.port.js';
import { BuildEvents } from './build-events.service.js';
import { perfOf } from './build.mapper.js';
import { BuildQueue } from './build-queue.service.js';
import { retryDelayMs } from './build-retry.util.js';
import { BuildState, DeviceEngineState } from './build-state.constant.js';
import { DeviceEngineRepository } from './device-engine.repository.js';
import { EngineBuildRepository, type AttemptRef, type EngineBuildRow } from './engine-build.repository.js';

/** Slack after a retry's backoff so the delayed sweep never runs a hair before the build is due. */
const DUE_SLACK_MS = 50;

export const classOf = (row: EngineBuildRow) => ({
  modelVersionId: row.modelVersionId,
  recipeHash: row.recipeHash,
  compatKey: row.compatKey,
});

/**
 * How an attempt ends, whoever notices: the device's own report (API process) or the watchdog
 * (worker). Each outcome is one conditional update of the attempt, then its consequences:
 * a retry queued with backoff, or the class's devices told there will be no engine, or the
 * engine handed out.
 */
@Injectable()
export class BuildLifecycle {
  constructor(
    private readonly builds: EngineBuildRepository,
    private readonly engines: DeviceEngineRepository,
    private readonly artifacts: BuildArtifactsPort,
    private readonly queue: BuildQueue,
    private readonly events: BuildEvents,
    private readonly config: AppConfig,
  ) {}

  async building(ref: AttemptRef, progressPct: number | null): Promise<void> {
    await this.events.changed(await this.builds.markBuilding(ref, progressPct, new Date()));
  }

  async succeed(ref: AttemptRef & { builderDeviceId: string }, result: BuildEngineResult): Promise<void> {
    if (!(await this.artifacts.engineStored(result.engineSha256))) {
      await this.failAttempt(
        ref,
        BuildState.Failed,
        `attempt ${ref.attempt} on ${ref.builderDeviceId} reported engine ${result.engineSha256}, which was never uploaded`,
        result.logTail,
      );
      return;
    }
    const now = new Date();
    // One transaction: the watchdog hands a succeeded class's engine to every pending device, and
    // must never see the build succeeded while its own builder still looks pending.
    const row = await this.builds.transaction(async (tx) => {
      const succeeded = await this.builds.markSucceeded(
        ref,
        {
          engineSha256: result.engineSha256,
          engineSizeBytes: result.engineSizeBytes,
          perf: perfOf(result),
          logTail: result.logTail,
          durationMs: result.durationMs,
        },
        now,
        tx,
      );
      if (succeeded) {
        await this.engines.transition(
          ref.builderDeviceId,
          classOf(succeeded),
          [DeviceEngineState.Pending, DeviceEngineState.Failed, DeviceEngineState.Fetching],
          DeviceEngineState.Ready,
          now,
          { engineSha256: result.engineSha256 },
          tx,
        );
      }
      return succeeded;
    });
    if (!row) return;
    await this.queue.distribute(row.id);
    await this.queue.dispatchSoon();
    await this.events.changed(row);
  }

  /** Returns the updated build, or undefined when the attempt had already ended (a duplicate). */
  async failAttempt(
    ref: AttemptRef,
    terminal: typeof BuildState.Failed | typeof BuildState.TimedOut,
    error: string,
    logTail: string | null,
  ): Promise<EngineBuildRow | undefined> {
    const now = new Date();
    const row = await this.builds.failAttempt(ref, terminal, error, logTail, now);
    if (!row) return undefined;
    if (row.state === BuildState.Queued) {
      await this.queue.dispatchSoon(
        retryDelayMs(row.attempt, this.config.get('BUILD_RETRY_BACKOFF_MS')) + DUE_SLACK_MS,
      );
    } else {
      await this.endedWithoutEngine(row, now);
      await this.queue.dispatchSoon();
    }
    await this.events.changed(row);
    return row;
  }

  /** The class's waiting devices learn that this build will not give them an engine. */
  async endedWithoutEngine(row: EngineBuildRow, now: Date): Promise<void> {
    const why = `no engine for this class: build ${row.id} ${row.state}${row.error ? ` (${row.error})` : ''}`;
    await this.engines.failPending(classOf(row), why.slice(0, 2000), now);
  }
}
