import { Injectable } from '@nestjs/common';
import { CohortMetricsRepository } from './gates/cohort-metrics.repository.js';
import { cohortGroups } from './gates/cohort.util.js';
import type { RolloutGates } from './gates/gate-config.schema.js';
import { evaluateGates } from './gates/gate-evaluator.util.js';
import type { GateReport } from './gates/gate-report.types.js';
import { RolloutTargets } from './rollout-targets.service.js';
import { DeploymentState } from './rollout-state.constant.js';
import { RolloutRepository, type RolloutRow, type StageRow } from './rollout.repository.js';

const FAILED: readonly string[] = [DeploymentState.Failed, DeploymentState.RolledBack];

/**
 * Gathers what a stage's gates judge: the stage's healthy canaries and, per cohort group (module +
 * power mode), the target's devices still on the previous model, both over the same window (from
 * the end of deployment to now), then hands the figures to the pure evaluator.
 */
@Injectable()
export class RolloutGate {
  constructor(
    private readonly repo: RolloutRepository,
    private readonly targets: RolloutTargets,
    private readonly metrics: CohortMetricsRepository,
  ) {}

  async evaluate(rollout: RolloutRow, stage: StageRow, now: Date): Promise<GateReport> {
    const gates = rollout.gates as unknown as RolloutGates;
    const since = stage.deployedAt ?? stage.startedAt ?? now;
    const deadlineAt = stage.deadlineAt ?? now;
    const stageRows = (await this.repo.deployments(rollout.id, { stageIdx: stage.idx })).filter(
      (r) => r.state !== DeploymentState.Cancelled,
    );
    if (stageRows.length === 0) {
      return {
        outcome: 'pass',
        checks: [],
        summary: 'the stage added no devices',
        evaluatedAt: now.toISOString(),
        deadlineAt: deadlineAt.toISOString(),
      };
    }
    const target = await this.targets.of(rollout);
    const online = new Set(target.filter((d) => d.online).map((d) => d.id));
    const inRollout = new Set((await this.repo.deployments(rollout.id)).map((r) => r.deviceId));
    const canaryIds = stageRows.filter((r) => r.state === DeploymentState.Healthy).map((r) => r.deviceId);
    const baselineIds = target.filter((d) => !inRollout.has(d.id) && d.online).map((d) => d.id);
    const perDevice = await this.metrics.deviceMetrics([...canaryIds, ...baselineIds], since, now);

    const canaries = new Set(canaryIds);
    const groups = cohortGroups(
      perDevice.filter((m) => canaries.has(m.deviceId)),
      // A device serving nothing is no baseline: idle power and no latency say nothing about a model.
      perDevice.filter((m) => !canaries.has(m.deviceId) && m.latencySamples > 0),
      gates.minSamplesPerDevice,
    );
    return evaluateGates({
      gates,
      deployments: {
        total: stageRows.length,
        healthy: stageRows.filter((r) => r.state === DeploymentState.Healthy).length,
        failed: stageRows.filter((r) => FAILED.includes(r.state)).length,
        offline: stageRows.filter((r) => !online.has(r.deviceId)).length,
      },
      groups,
      now,
      deadlineAt,
    });
  }
}
