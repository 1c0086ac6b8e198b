import { Injectable, Logger } from '@nestjs/common';
import { buildEngineResultSchema, type JobProgress } from '@jetfleet/protocol';
import { ArtifactStatsService } from '../artifacts/artifact-stats.service.js';
import { BuildArtifactsPort } from './build-artifacts.port.js';
import { parseBuildJobId } from './build-job-id.util.js';
import { BuildLifecycle, classOf } from './build-lifecycle.service.js';
import { interpretBuildProgress } from './build-progress.util.js';
import { BuildState, DeviceEngineState } from './build-state.constant.js';
import { DeviceEngineRepository } from './device-engine.repository.js';
import { EngineBuildRepository } from './engine-build.repository.js';
import { isUuid } from '../common/uuid.util.js';

/**
 * Where job progress from devices lands (the ingest hands over every `jobs/{jobId}/progress`
 * message). Job ids the builds feature did not make are ignored, so other features' jobs can
 * share the channel. Duplicates and stale reports change nothing: every write is conditional.
 */
@Injectable()
export class BuildProgressService {
  private readonly logger = new Logger(BuildProgressService.name);

  constructor(
    private readonly builds: EngineBuildRepository,
    private readonly engines: DeviceEngineRepository,
    private readonly lifecycle: BuildLifecycle,
    private readonly artifacts: BuildArtifactsPort,
    private readonly artifactStats: ArtifactStatsService,
  ) {}

  /** True when the job id is one of the builds feature's (whether or not it changed anything). */
  async handleJobProgress(deviceId: string, jobId: string, progress: JobProgress): Promise<boolean> {
    const ref = parseBuildJobId(jobId);
    if (!ref || !isUuid(ref.buildId)) return false;
    switch (ref.kind) {
      case 'build':
        await this.onBuild(deviceId, ref.buildId, ref.attempt, progress);
        return true;
      case 'fetch':
        await this.onFetch(deviceId, ref.buildId, progress);
        return true;
      case 'local':
        await this.onLocalBuild(deviceId, ref.buildId, progress);
        return true;
      case 'cancel':
        return true;
    }
  }

  private async onBuild(deviceId: string, buildId: string, attempt: number, progress: JobProgress): Promise<void> {
    const build = await this.builds.findById(buildId);
    if (!build) return;
    const decision = interpretBuildProgress(build, deviceId, attempt, progress);
    const ref = { id: buildId, attempt, builderDeviceId: deviceId };
    switch (decision.kind) {
      case 'ignore':
        return;
      case 'building':
        await this.lifecycle.building(ref, decision.progressPct);
        return;
      case 'succeeded':
        await this.lifecycle.succeed(ref, decision.result);
        return;
      case 'failed':
        await this.lifecycle.failAttempt(
          ref,
          BuildState.Failed,
          `attempt ${attempt} on ${deviceId} failed: ${decision.error}`,
          decision.logTail,
        );
        return;
    }
  }

  private async onFetch(deviceId: string, buildId: string, progress: JobProgress): Promise<void> {
    if (progress.state !== 'succeeded' && progress.state !== 'failed' && progress.state !== 'cancelled') return;
    const build = await this.builds.findById(buildId);
    if (!build || build.state !== BuildState.Succeeded || !build.engineSha256) return;
    const now = new Date();
    if (progress.state === 'succeeded') {
      await this.engines.transition(
        deviceId,
        classOf(build),
        [DeviceEngineState.Fetching, DeviceEngineState.Pending, DeviceEngineState.Failed],
        DeviceEngineState.Ready,
        now,
        { engineSha256: build.engineSha256 },
      );
      return;
    }
    // The device verified the download and refused it: count it with the server's own refusals.
    if (progress.state === 'failed' && /sha256 mismatch/i.test(progress.message ?? '')) {
      this.artifactStats.countRefusal('download', 'device_sha256_mismatch', `${deviceId}: ${progress.message}`);
    }
    await this.engines.transition(
      deviceId,
      classOf(build),
      [DeviceEngineState.Fetching, DeviceEngineState.Pending],
      DeviceEngineState.Failed,
      now,
      { error: `fetching the engine ${progress.state}: ${progress.message ?? 'no reason given'}` },
    );
  }

  private async onLocalBuild(deviceId: string, buildId: string, progress: JobProgress): Promise<void> {
    if (progress.state !== 'succeeded' && progress.state !== 'failed' && progress.state !== 'cancelled') return;
    const build = await this.builds.findById(buildId);
    if (!build) return;
    const now = new Date();
    const waiting = [DeviceEngineState.Pending, DeviceEngineState.Failed];
    const result = progress.state === 'succeeded' ? buildEngineResultSchema.safeParse(progress.result ?? {}) : null;
    if (result?.success) {
      // Nothing is uploaded by a local build; the digest is linked only if the same engine is stored.
      const sha = result.data.engineSha256;
      const stored = await this.artifacts.engineStored(sha);
      await this.engines.transition(deviceId, classOf(build), waiting, DeviceEngineState.BuiltLocally, now, {
        engineSha256: stored ? sha : null,
      });
      this.logger.log(`device ${deviceId} built its own engine ${sha} for build ${buildId}'s class`);
      return;
    }
    const why = result ? 'reported success without a valid result' : `${progress.state}: ${progress.message ?? ''}`;
    await this.engines.transition(deviceId, classOf(build), waiting, DeviceEngineState.Failed, now, {
      error: `local build ${why}`.trim().slice(0, 2000),
    });
  }
}
