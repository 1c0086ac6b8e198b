import { Injectable, Logger } from '@nestjs/common';
import type { AlertNotificationEvent } from '../notifications/alert-notification.types.js';
import { ALERT_KIND_SPECS } from './alert-kind.constant.js';
import { AlertEvaluationRepository } from './alert-evaluation.repository.js';
import { AlertPublisher } from './alert-publisher.service.js';
import { AlertRuleIndex } from './alert-rule-index.util.js';
import { planRun } from './alert-run-plan.util.js';
import { toAlert, type AlertRow } from './alert.mapper.js';
import { BuildOutcomeSource } from './build-outcome.source.js';

/** Samples older than this are not evaluated: a device silent this long holds its alerts as they are. */
export const TELEMETRY_LOOKBACK_MS = 120_000;
const MAX_BUILD_WINDOW_MS = (ALERT_KIND_SPECS.build_failed.params.windowSec?.max ?? 0) * 1000;

export interface EvaluationRunResult {
  devices: number;
  raised: number;
  resolved: number;
  /** True when another evaluation held the lock and this run did nothing. */
  skipped: boolean;
}

/**
 * One evaluation of every rule for every device: load (five reads), decide (pure planRun),
 * write (at most five statements) in one transaction, then announce what changed.
 */
@Injectable()
export class AlertEvaluationService {
  private readonly logger = new Logger(AlertEvaluationService.name);

  constructor(
    private readonly repo: AlertEvaluationRepository,
    private readonly builds: BuildOutcomeSource,
    private readonly publisher: AlertPublisher,
  ) {}

  async run(now: Date = new Date()): Promise<EvaluationRunResult> {
    const builds = await this.builds.recent(new Date(now.getTime() - MAX_BUILD_WINDOW_MS));
    const outcome = await this.repo.runExclusive(async (tx) => {
      const rules = new AlertRuleIndex(await this.repo.loadRules(tx));
      const devices = await this.repo.loadDevices(tx);
      const telemetry = await this.repo.loadTelemetry(tx, new Date(now.getTime() - TELEMETRY_LOOKBACK_MS));
      const states = await this.repo.loadStates(tx);
      const open = await this.repo.loadOpenAlerts(tx);
      const plan = planRun({ rules, devices, telemetry, builds, states, open, now });
      await this.repo.saveStates(tx, plan.upserts, plan.deletes, now);
      const raised = await this.repo.raise(tx, plan.raises, now);
      const resolved = await this.repo.resolve(tx, plan.resolves, now);
      await this.repo.touch(tx, plan.kept, now);
      return { devices: devices.length, raised, resolved };
    });
    if (outcome === null) return { devices: 0, raised: 0, resolved: 0, skipped: true };

    await this.announce('alert.raised', outcome.raised);
    await this.announce('alert.resolved', outcome.resolved);
    if (outcome.raised.length || outcome.resolved.length) {
      this.logger.log(`alerts: ${outcome.raised.length} raised, ${outcome.resolved.length} resolved`);
    }
    return {
      devices: outcome.devices,
      raised: outcome.raised.length,
      resolved: outcome.resolved.length,
      skipped: false,
    };
  }

  private async announce(event: AlertNotificationEvent, rows: readonly AlertRow[]): Promise<void> {
    for (const row of rows) await this.publisher.announce(event, toAlert(row));
  }
}
