import { Injectable } from '@nestjs/common';
import { desiredModelSchema, desiredPowerModeSchema } from '@jetfleet/protocol';
import { BuildArtifactsPort } from '../builds/build-artifacts.port.js';
import { AppConfig } from '../config/app-config.service.js';
import { RolloutDesired, type DeploymentSend } from './rollout-desired.service.js';
import { DeploymentState } from './rollout-state.constant.js';
import { DeviceTargetRepository } from '../desired/device-target.repository.js';
import { RolloutRepository, type DeploymentRow, type Executor, type RolloutRow } from './rollout.repository.js';

/** Deployments that changed (or may have changed) the device: these go back. */
const TOUCHED: readonly DeploymentState[] = [
  DeploymentState.Downloading,
  DeploymentState.Activating,
  DeploymentState.Verifying,
  DeploymentState.Healthy,
  DeploymentState.Failed,
];

/**
 * Sends devices back to what they ran before the rollout. The device kept its previous engine,
 * so for it this is a file swap; the document still carries a fresh URL in case it did not.
 */
@Injectable()
export class RolloutRollback {
  constructor(
    private readonly repo: RolloutRepository,
    private readonly targets: DeviceTargetRepository,
    private readonly artifacts: BuildArtifactsPort,
    private readonly desired: RolloutDesired,
    private readonly config: AppConfig,
  ) {}

  /** Marks the deployments to roll back (one stage, or all) and cancels those never sent. */
  async mark(rolloutId: string, stageIdx: number | null, now: Date, ex?: Executor): Promise<void> {
    const rows = await this.repo.deployments(rolloutId, stageIdx === null ? {} : { stageIdx });
    const touched = rows.filter((r) => TOUCHED.includes(r.state as DeploymentState) && r.desiredRev !== null);
    const unsent = rows.filter((r) => r.state === DeploymentState.Queued || r.state === DeploymentState.Building);
    await this.repo.transition(
      rolloutId,
      touched.map((r) => r.deviceId),
      TOUCHED,
      DeploymentState.RollingBack,
      now,
      {},
      ex,
    );
    await this.repo.transition(
      rolloutId,
      unsent.map((r) => r.deviceId),
      [DeploymentState.Queued, DeploymentState.Building],
      DeploymentState.Cancelled,
      now,
      { reason: 'rollout rolled back before this device was updated' },
      ex,
    );
  }

  /** Sends the marked deployments their previous state; true once none is left converging online. */
  async advance(rollout: RolloutRow, now: Date): Promise<boolean> {
    const rows = await this.repo.deployments(rollout.id, { states: [DeploymentState.RollingBack] });
    const unsent = rows.filter((r) => r.rollbackRev === null);
    const sends: DeploymentSend[] = [];
    for (const r of unsent) sends.push({ deviceId: r.deviceId, patch: await this.patchFor(rollout, r) });
    await this.desired.send(
      rollout.id,
      sends,
      [DeploymentState.RollingBack],
      DeploymentState.RollingBack,
      'rollback_rev',
      now,
    );
    if (rows.length === 0) return true;
    const online = new Set(
      (await this.targets.select({ deviceIds: rows.map((r) => r.deviceId) })).filter((d) => d.online).map((d) => d.id),
    );
    return rows.every((r) => !online.has(r.deviceId));
  }

  private async patchFor(rollout: RolloutRow, row: DeploymentRow): Promise<DeploymentSend['patch']> {
    const prev = row.previousModel ? desiredModelSchema.safeParse(row.previousModel) : null;
    let model = null;
    if (prev?.success) {
      const engine = await this.artifacts
        .downloadRef(prev.data.engine.sha256, row.deviceId, this.config.get('DESIRED_ARTIFACT_TTL_SEC'))
        .catch(() => prev.data.engine);
      model = { ...prev.data, engine };
    }
    if (!rollout.powerMode) return { model };
    const mode = row.previousPowerMode ? desiredPowerModeSchema.safeParse(row.previousPowerMode) : null;
    return { model, powerMode: mode?.success ? mode.data : null };
  }
}
