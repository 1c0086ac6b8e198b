import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { type OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.service.js';
import { JobName, JobSchedulerId, QueueName } from '../../queue/queue.constants.js';
import { AlertEvaluationService, type EvaluationRunResult } from '../alert-evaluation.service.js';

/**
 * Evaluates every alert rule every ALERT_EVAL_MS. One job scheduler id means one run per tick
 * however many workers there are; the run's advisory lock covers a slow run meeting the next.
 */
@Processor(QueueName.AlertEvaluation)
export class AlertEvaluationProcessor extends WorkerHost implements OnModuleInit {
  constructor(
    @InjectQueue(QueueName.AlertEvaluation) private readonly queue: Queue,
    private readonly evaluation: AlertEvaluationService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.queue.upsertJobScheduler(
      JobSchedulerId.EvaluateAlerts,
      { every: this.config.get('ALERT_EVAL_MS') },
      { name: JobName.EvaluateAlerts, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  }

  async process(job: Job): Promise<EvaluationRunResult> {
    if (job.name !== JobName.EvaluateAlerts) throw new Error(`unknown job ${job.name}`);
    return this.evaluation.run(new Date());
  }
}
