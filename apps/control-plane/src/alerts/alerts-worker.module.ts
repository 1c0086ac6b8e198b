import { Module } from '@nestjs/common';
import { AlertsModule } from './alerts.module.js';
import { AlertEvaluationProcessor } from './jobs/alert-evaluation.processor.js';

/** The BullMQ side of alerts: the evaluation scheduler. Loaded only by processes that run workers. */
@Module({ imports: [AlertsModule], providers: [AlertEvaluationProcessor] })
export class AlertsWorkerModule {}
