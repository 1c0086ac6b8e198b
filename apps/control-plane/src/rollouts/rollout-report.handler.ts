import { Injectable, Logger } from '@nestjs/common';
import type { ReportedState } from '@jetfleet/protocol';
import { DeploymentState, IN_FLIGHT_STATES } from './rollout-state.constant.js';
import { RolloutProgress } from './rollout-progress.service.js';
import { RolloutQueue } from './rollout-queue.service.js';
import { RolloutRepository, type DeploymentRow } from './rollout.repository.js';

const PHASE_TO_STATE: Partial<Record<ReportedState['phase'], DeploymentState>> = {
  downloading: DeploymentState.Downloading,
  activating: DeploymentState.Activating,
  verifying: DeploymentState.Verifying,
};

/**
 * Moves a device's active deployment on what the device reports about the rev that carries it.
 * Reports about other revs (older ones, or a power-mode change in between) are not about this
 * deployment and are ignored; states only move forward, so a late report cannot undo progress.
 */
@Injectable()
export class RolloutReportHandler {
  private readonly logger = new Logger(RolloutReportHandler.name);

  constructor(
    private readonly repo: RolloutRepository,
    private readonly queue: RolloutQueue,
    private readonly progress: RolloutProgress,
  ) {}

  async handle(deviceId: string, report: ReportedState, now: Date): Promise<void> {
    const row = await this.repo.deploymentForReport(deviceId, report.targetRev ?? report.appliedRev);
    if (!row) return;
    const moved = await this.apply(row, report, now);
    if (!moved) return;
    this.queue.stepSoon(row.rolloutId);
    this.progress.announceSoon(row.rolloutId, `${deviceId}: ${moved}`);
  }

  private async apply(row: DeploymentRow, report: ReportedState, now: Date): Promise<DeploymentState | null> {
    const target = report.targetRev ?? report.appliedRev;
    const move = async (
      from: readonly DeploymentState[],
      to: DeploymentState,
      extra = {},
    ): Promise<DeploymentState | null> =>
      (await this.repo.transition(row.rolloutId, [row.deviceId], from, to, now, extra)).length ? to : null;
    const reason = report.error ? `${report.error.code}: ${report.error.message}` : null;

    if (row.rollbackRev !== null && target === row.rollbackRev) {
      if (report.phase === 'healthy' || report.phase === 'idle')
        return move([DeploymentState.RollingBack], DeploymentState.RolledBack);
      if (report.phase === 'failed' || report.phase === 'rolled_back') {
        this.logger.warn(`rollback of ${row.deviceId} failed: ${reason ?? report.phase}`);
        return move([DeploymentState.RollingBack], DeploymentState.Failed, {
          reason: `rollback failed: ${reason ?? report.phase}`,
        });
      }
      return null;
    }
    if (row.desiredRev === null || target !== row.desiredRev) return null;
    const verification = report.verification ?? null;
    switch (report.phase) {
      case 'downloading':
      case 'activating':
      case 'verifying': {
        const to = PHASE_TO_STATE[report.phase] as DeploymentState;
        const order = IN_FLIGHT_STATES.indexOf(to);
        // Sending already put it in `downloading`; later phases only move forward.
        return order === 0 ? null : move(IN_FLIGHT_STATES.slice(0, order), to);
      }
      case 'healthy':
        return move(IN_FLIGHT_STATES, DeploymentState.Healthy, { verification, reason: null });
      case 'failed':
        return move(IN_FLIGHT_STATES, DeploymentState.Failed, {
          verification,
          reason: reason ?? 'failed on the device',
        });
      case 'rolled_back':
        return move(IN_FLIGHT_STATES, DeploymentState.Failed, {
          verification,
          reason: `health check failed on the device, previous engine restored: ${reason ?? 'no detail'}`,
        });
      case 'building':
      case 'idle':
        return null;
    }
  }
}
