import { Module } from '@nestjs/common';
import { BuildsModule } from '../builds/builds.module.js';
import { EngineBuildOutcomes } from '../builds/engine-build-outcomes.service.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AlertLoaders } from './alert-loaders.service.js';
import { AlertEvaluationRepository } from './alert-evaluation.repository.js';
import { AlertEvaluationService } from './alert-evaluation.service.js';
import { AlertPublisher } from './alert-publisher.service.js';
import { AlertRuleRepository } from './alert-rule.repository.js';
import { AlertRuleResolver } from './alert-rule.resolver.js';
import { AlertRuleService } from './alert-rule.service.js';
import { AlertRepository } from './alert.repository.js';
import { AlertResolver } from './alert.resolver.js';
import { AlertService } from './alert.service.js';
import { BuildOutcomeSource } from './build-outcome.source.js';
import { DeviceAlertsResolver } from './device-alerts.resolver.js';
import { AlertDetailsScalar } from './dto/alert-details.scalar.js';

const graphql = [AlertResolver, AlertRuleResolver, DeviceAlertsResolver, AlertDetailsScalar];
const services = [
  AlertLoaders,
  AlertService,
  AlertRuleService,
  AlertPublisher,
  AlertEvaluationService,
  { provide: BuildOutcomeSource, useExisting: EngineBuildOutcomes },
];
const repositories = [AlertRepository, AlertRuleRepository, AlertEvaluationRepository];

/** Alerts for the API: queries, acknowledgement, rules, subscriptions. */
@Module({
  imports: [NotificationsModule, BuildsModule],
  providers: [...graphql, ...services, ...repositories],
  exports: [AlertEvaluationService],
})
export class AlertsModule {}
