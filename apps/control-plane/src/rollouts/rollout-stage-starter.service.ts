import { Injectable } from '@nestjs/common';
import { buildRecipeSchema } from '@jetfleet/protocol';
import { toBuildDevice } from '../builds/build-device.util.js';
import { compatKey } from '../builds/compat-key.util.js';
import { DesiredStateRepository } from '../desired/desired-state.repository.js';
import { planStage, type StageInput } from './planning/stage-plan.util.js';
import { RolloutTargets } from './rollout-targets.service.js';
import { cohortGroupKey } from './gates/cohort.util.js';
import { DeploymentState, StageState } from './rollout-state.constant.js';
import { currentPowerMode } from '../desired/device-target.repository.js';
import { RolloutRepository, type DeploymentInsert, type RolloutRow } from './rollout.repository.js';

/**
 * Starts a stage: resolves the target again (devices that joined since the start take part from
 * here), leaves out devices held by another active rollout, and picks this stage's devices
 * stratified over cohort groups. Their deployments are inserted in one statement with the stage's
 * move to `deploying`, so a crash leaves either the whole stage started or none of it.
 */
@Injectable()
export class RolloutStageStarter {
  constructor(
    private readonly repo: RolloutRepository,
    private readonly targets: RolloutTargets,
    private readonly desired: DesiredStateRepository,
  ) {}

  async start(rollout: RolloutRow, stageIdx: number, now: Date): Promise<number> {
    const recipe = buildRecipeSchema.parse(rollout.recipe);
    const all = await this.targets.of(rollout);
    const mine = new Set((await this.repo.deployments(rollout.id)).map((d) => d.deviceId));
    const held = new Set(
      (
        await this.repo.conflicts(
          all.map((d) => d.id),
          rollout.id,
        )
      ).map((c) => c.deviceId),
    );
    const eligible = all.filter((d) => !held.has(d.id));
    const chosen = planStage({
      rolloutId: rollout.id,
      stages: rollout.stages as unknown as StageInput[],
      stageIndex: stageIdx,
      devices: eligible.map((d) => ({
        id: d.id,
        group: cohortGroupKey(d.module, currentPowerMode(d)),
        online: d.online,
      })),
      alreadyDeployed: mine,
    });
    const byId = new Map(eligible.map((d) => [d.id, d]));
    const previous = await this.desired.getMany(chosen);
    const rows: DeploymentInsert[] = [];
    for (const id of chosen) {
      const device = byId.get(id);
      const key = device ? compatKey(toBuildDevice(device), recipe) : null;
      const doc = previous.get(id)?.document;
      rows.push({
        rolloutId: rollout.id,
        deviceId: id,
        stageIdx,
        compatKey: key ?? 'unkeyed',
        state: key ? DeploymentState.Queued : DeploymentState.Failed,
        reason: key ? null : 'device reported no SM arch or TensorRT version',
        previousModel: doc?.model ?? null,
        previousPowerMode: doc?.powerMode ?? null,
        history: { [key ? DeploymentState.Queued : DeploymentState.Failed]: now.toISOString() },
        active: true,
        updatedAt: now,
      });
    }
    return this.repo.transaction(async (tx) => {
      const inserted = await this.repo.insertDeployments(rows, tx);
      await this.repo.updateStage(
        rollout.id,
        stageIdx,
        [StageState.Pending],
        { state: StageState.Deploying, plannedCount: inserted.length, startedAt: now },
        tx,
      );
      return inserted.length;
    });
  }
}
