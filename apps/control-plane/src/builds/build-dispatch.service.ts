import { Injectable, Logger } from '@nestjs/common';
import type { BuildRecipeInput } from '@jetfleet/protocol';
import { AppConfig } from '../config/app-config.service.js';
import { toBuildDevice } from './build-device.util.js';
import { BuildDeviceRepository } from './build-device.repository.js';
import { BuildEvents } from './build-events.service.js';
import { buildJobId } from './build-job-id.util.js';
import { BuildJobPublisher } from './build-job.publisher.js';
import { BuildLifecycle } from './build-lifecycle.service.js';
import { BuildParamsFactory } from './build-params.service.js';
import { compatKey } from './compat-key.util.js';
import { planDispatch, type QueuedBuild } from './dispatch-plan.util.js';
import { EngineBuildRepository, type EngineBuildRow } from './engine-build.repository.js';

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The worker's half of builds: hands queued builds to builders. Runs as BullMQ steps; every
 * decision is taken under one advisory lock and written to Postgres before any message leaves.
 */
@Injectable()
export class BuildDispatchService {
  private readonly logger = new Logger(BuildDispatchService.name);

  constructor(
    private readonly builds: EngineBuildRepository,
    private readonly devices: BuildDeviceRepository,
    private readonly params: BuildParamsFactory,
    private readonly publisher: BuildJobPublisher,
    private readonly lifecycle: BuildLifecycle,
    private readonly events: BuildEvents,
    private readonly config: AppConfig,
  ) {}

  /** One sweep: due queued builds get a builder (within the per-class limit) or fail if none can ever take them. */
  async dispatchDue(now = new Date()): Promise<{ dispatched: number; failed: number }> {
    const { dispatched, failed } = await this.builds.runDispatch(async (tx) => {
      const queued = await this.builds.queued(tx);
      if (queued.length === 0) return { dispatched: [], failed: [] };
      const candidates = await this.devices.candidatesOf(
        tx,
        queued.map((b) => b.id),
      );
      const plan = planDispatch({
        queued: queued.map((b): QueuedBuild => {
          const recipe = b.recipe as BuildRecipeInput;
          return {
            id: b.id,
            compatKey: b.compatKey,
            attempt: b.attempt,
            queuedAt: b.queuedAt,
            triedDevices: b.triedDevices,
            // A device upgraded to another TensorRT since scheduling is no longer of this class.
            candidates: (candidates.get(b.id) ?? [])
              .map(toBuildDevice)
              .filter((d) => compatKey(d, recipe) === b.compatKey),
          };
        }),
        running: await this.builds.running(tx),
        concurrencyPerClass: this.config.get('BUILD_CONCURRENCY_PER_CLASS'),
        backoffMs: this.config.get('BUILD_RETRY_BACKOFF_MS'),
        now,
      });
      const out = { dispatched: [] as EngineBuildRow[], failed: [] as EngineBuildRow[] };
      for (const d of plan.dispatch) {
        const row = await this.builds.markDispatched(tx, d.buildId, d.attempt, d.builderDeviceId, now);
        if (row) out.dispatched.push(row);
      }
      for (const f of plan.fail) {
        const row = await this.builds.failQueued(tx, f.buildId, f.reason, now);
        if (row) out.failed.push(row);
      }
      return out;
    });
    for (const row of failed) {
      await this.lifecycle.endedWithoutEngine(row, now);
      await this.events.changed(row);
    }
    let sent = 0;
    for (const row of dispatched) {
      try {
        await this.sendBuildJob(row);
        sent++;
        await this.events.changed(row);
      } catch (err) {
        // Not the builder's fault: put the build back without using up the attempt.
        const back = await this.builds.undispatch(
          row.id,
          row.attempt,
          `could not send the build job: ${errorText(err)}`,
        );
        this.logger.warn(`build ${row.id}: job to ${row.builderDeviceId} not sent, requeued: ${errorText(err)}`);
        await this.events.changed(back);
      }
    }
    return { dispatched: sent, failed: failed.length };
  }

  private async sendBuildJob(row: EngineBuildRow): Promise<void> {
    const builder = row.builderDeviceId;
    if (!builder) throw new Error('dispatched without a builder');
    const params = await this.params.forDevice(row, builder, { upload: true });
    await this.publisher.sendBuild(
      builder,
      buildJobId(row.id, row.attempt),
      params,
      this.config.get('BUILD_TIMEOUT_SEC'),
    );
    this.logger.log(`build ${row.id} attempt ${row.attempt}/${row.maxAttempts} → ${builder} (${row.compatKey})`);
  }
}
