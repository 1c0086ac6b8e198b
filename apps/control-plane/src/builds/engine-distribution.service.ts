import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config.service.js';
import { BuildArtifactsPort } from './build-artifacts.port.js';
import { BuildDeviceRepository } from './build-device.repository.js';
import { fetchJobId, localBuildJobId } from './build-job-id.util.js';
import { BuildJobPublisher } from './build-job.publisher.js';
import { classOf } from './build-lifecycle.service.js';
import { BuildParamsFactory } from './build-params.service.js';
import { BuildState, DeviceEngineState } from './build-state.constant.js';
import { DeviceEngineRepository, type FetchClaim } from './device-engine.repository.js';
import { EngineBuildRepository } from './engine-build.repository.js';

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Gets engines onto devices: a succeeded build's engine to every device of its class (fetch),
 * or, for a class without one, a build of their own (local fallback). A row is claimed in
 * Postgres before its job is sent and released if the send fails, so nothing is sent twice
 * by two workers and nothing is lost when the broker hiccups.
 */
@Injectable()
export class EngineDistributionService {
  private readonly logger = new Logger(EngineDistributionService.name);

  constructor(
    private readonly builds: EngineBuildRepository,
    private readonly engines: DeviceEngineRepository,
    private readonly devices: BuildDeviceRepository,
    private readonly artifacts: BuildArtifactsPort,
    private readonly params: BuildParamsFactory,
    private readonly publisher: BuildJobPublisher,
    private readonly config: AppConfig,
  ) {}

  /** Sends `fetch-engine` to the online devices of a succeeded build's class still waiting (or failed). */
  async distribute(buildId: string): Promise<number> {
    const build = await this.builds.findById(buildId);
    if (!build || build.state !== BuildState.Succeeded || !build.engineSha256) return 0;
    const engineSha256 = build.engineSha256;
    const deviceIds = await this.engines.claimForFetch(
      classOf(build),
      [DeviceEngineState.Pending, DeviceEngineState.Failed],
      new Date(),
    );
    const claims = deviceIds.map((deviceId) => ({ deviceId, buildId, ...classOf(build), engineSha256 }));
    const sent = await this.sendFetches(claims);
    if (sent) this.logger.log(`build ${buildId}: engine sent to ${sent} device(s) of ${build.compatKey}`);
    return sent;
  }

  /** Devices back online whose class's engine exists (the watchdog). */
  async sendWaitingFetches(now: Date): Promise<number> {
    await this.engines.releaseFetchesOfOfflineDevices(now);
    return this.sendFetches(await this.engines.claimWaitingFetches(now));
  }

  /**
   * Each device of a class whose build failed builds for itself (no upload). Devices that have an
   * engine already are skipped; offline ones are marked failed, to be scheduled again.
   */
  async sendLocalBuilds(buildId: string, deviceIds: readonly string[]): Promise<{ sent: number; offline: number }> {
    const build = await this.builds.findById(buildId);
    if (!build) return { sent: 0, offline: 0 };
    const cls = classOf(build);
    const rows = new Map((await this.engines.ofClasses([cls])).map((r) => [r.deviceId, r]));
    let sent = 0;
    let offline = 0;
    for (const deviceId of deviceIds) {
      const state = rows.get(deviceId)?.state;
      if (state !== DeviceEngineState.Pending && state !== DeviceEngineState.Failed) continue;
      const now = new Date();
      if (!(await this.devices.findOne(deviceId))?.online) {
        offline++;
        await this.engines.transition(deviceId, cls, [state], DeviceEngineState.Failed, now, {
          error: 'offline when its local build was to be sent; schedule again with allowLocalFallback',
        });
        continue;
      }
      try {
        const params = await this.params.forDevice(build, deviceId, { upload: false });
        await this.publisher.sendBuild(
          deviceId,
          localBuildJobId(build.id),
          params,
          this.config.get('BUILD_TIMEOUT_SEC'),
        );
        await this.engines.transition(deviceId, cls, [state], DeviceEngineState.Pending, now);
        sent++;
      } catch (err) {
        await this.engines.transition(deviceId, cls, [state], DeviceEngineState.Failed, now, {
          error: `local build not sent: ${errorText(err)}`,
        });
      }
    }
    this.logger.log(`build ${buildId} failed: ${sent} device(s) of ${build.compatKey} build locally`);
    return { sent, offline };
  }

  private async sendFetches(claims: FetchClaim[]): Promise<number> {
    let sent = 0;
    for (const c of claims) {
      try {
        const engine = await this.artifacts.downloadRef(c.engineSha256, c.deviceId);
        await this.publisher.sendFetch(
          c.deviceId,
          fetchJobId(c.buildId),
          {
            buildId: c.buildId,
            modelVersionId: c.modelVersionId,
            recipeHash: c.recipeHash,
            compatKey: c.compatKey,
            engine,
          },
          this.config.get('BUILD_TIMEOUT_SEC'),
        );
        sent++;
      } catch (err) {
        this.logger.warn(`fetch-engine to ${c.deviceId} not sent, will retry: ${errorText(err)}`);
        await this.engines.transition(
          c.deviceId,
          c,
          [DeviceEngineState.Fetching],
          DeviceEngineState.Pending,
          new Date(),
        );
      }
    }
    return sent;
  }
}
