import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.service.js';
import { JobName, JobSchedulerId, QueueName } from '../../queue/queue.constants.js';
import { TelemetryMaintenanceService, type MaintenanceReport } from '../telemetry-maintenance.service.js';

/** Partitions, retention and rollups on a schedule; one run at a time across all workers. */
@Processor(QueueName.TelemetryMaintenance, { concurrency: 1 })
export class TelemetryMaintenanceProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(TelemetryMaintenanceProcessor.name);

  constructor(
    @InjectQueue(QueueName.TelemetryMaintenance) private readonly queue: Queue,
    private readonly maintenance: TelemetryMaintenanceService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    // Partitions should exist before the first samples of the day, so the first run is immediate;
    // if it fails (another worker racing on the same DDL), the scheduled runs catch up.
    await this.maintenance
      .run()
      .catch((err: unknown) => this.logger.warn({ err }, 'initial telemetry maintenance failed'));
    await this.queue.upsertJobScheduler(
      JobSchedulerId.TelemetryMaintenance,
      { every: this.config.get('TELEMETRY_MAINTENANCE_MS') },
      { name: JobName.TelemetryMaintenance, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  }

  async process(job: Job): Promise<MaintenanceReport> {
    if (job.name !== JobName.TelemetryMaintenance) throw new Error(`unknown job ${job.name}`);
    return this.maintenance.run();
  }
}
