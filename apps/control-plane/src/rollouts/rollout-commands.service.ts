import { Injectable } from '@nestjs/common';
import { buildRecipeSchema } from '@jetfleet/protocol';
import { BuildArtifactsPort } from '../builds/build-artifacts.port.js';
import { distinctTargets, toBuildDevice } from '../builds/build-device.util.js';
import { RecipeRejectedException } from '../builds/build.exception.js';
import { compatKey } from '../builds/compat-key.util.js';
import { checkRecipe } from '../builds/recipe-check.util.js';
import { recipeHash } from '../builds/recipe-hash.util.js';
import { AppConfig } from '../config/app-config.service.js';
import { resolveModeFor } from '../desired/power-mode.util.js';
import { parseRolloutGates } from './gates/gate-config.schema.js';
import { parseStages, type StageInput } from './planning/stage-plan.util.js';
import { RolloutProgress } from './rollout-progress.service.js';
import { RolloutQueue } from './rollout-queue.service.js';
import { RolloutRollback } from './rollout-rollback.service.js';
import { RolloutTargets } from './rollout-targets.service.js';
import { RolloutState, StageState } from './rollout-state.constant.js';
import type { TargetSelector } from '../desired/device-target.repository.js';
import {
  InvalidRolloutException,
  RolloutDeviceConflictException,
  RolloutNotFoundException,
  RolloutStateConflictException,
} from './rollout.exception.js';
import { RolloutRepository, type RolloutRow } from './rollout.repository.js';
import { isUuid } from '../common/uuid.util.js';

const MAX_SELECTED_IDS = 100_000;

export interface CreateRolloutCommand {
  name: string;
  modelVersionId: string;
  recipe: unknown;
  powerMode?: string | null;
  allowReboot?: boolean;
  selector: TargetSelector & { allDevices?: boolean };
  stages: unknown;
  gates?: unknown;
  autoPromote?: boolean;
  maxConcurrent?: number | null;
  createdBy?: string | null;
}

/** Operator entry points. Each changes state with a conditional update and then wakes the controller. */
@Injectable()
export class RolloutCommands {
  constructor(
    private readonly repo: RolloutRepository,
    private readonly targets: RolloutTargets,
    private readonly artifacts: BuildArtifactsPort,
    private readonly queue: RolloutQueue,
    private readonly rollback: RolloutRollback,
    private readonly progress: RolloutProgress,
    private readonly config: AppConfig,
  ) {}

  /** Validates everything before anything is stored, naming each problem; refuses devices held by another rollout. */
  async create(cmd: CreateRolloutCommand): Promise<RolloutRow> {
    const name = cmd.name.trim();
    if (name.length === 0 || name.length > 120) throw new InvalidRolloutException('name must be 1–120 characters');
    const recipeParsed = buildRecipeSchema.safeParse(cmd.recipe);
    if (!recipeParsed.success) {
      throw new RecipeRejectedException(
        recipeParsed.error.issues.map((i) => ({
          code: 'invalid_recipe',
          message: `${i.path.join('.') || 'recipe'}: ${i.message}`,
        })),
      );
    }
    const recipe = recipeParsed.data;
    const stages: StageInput[] = parseStages(cmd.stages);
    const gates = parseRolloutGates(cmd.gates);
    const maxConcurrent = cmd.maxConcurrent ?? this.config.get('ROLLOUT_MAX_CONCURRENT');
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1 || maxConcurrent > 100_000) {
      throw new InvalidRolloutException('maxConcurrent must be an integer between 1 and 100000');
    }
    const { allDevices, ...selector } = cmd.selector;
    const hasCriterion = Boolean(
      selector.deviceIds?.length ||
      selector.modules?.length ||
      selector.tags?.length ||
      selector.hardwareClasses?.length,
    );
    if (!hasCriterion && !allDevices) {
      throw new InvalidRolloutException('selector: name devices, modules, tags or hardware classes, or set allDevices');
    }
    if ((selector.deviceIds?.length ?? 0) > MAX_SELECTED_IDS) {
      throw new InvalidRolloutException(`selector.deviceIds: at most ${MAX_SELECTED_IDS} ids`);
    }
    const version = isUuid(cmd.modelVersionId) ? await this.artifacts.getModelVersion(cmd.modelVersionId) : null;
    if (!version) throw new InvalidRolloutException(`model version "${cmd.modelVersionId}" does not exist`);

    const devices = await this.targets.select(selector, recipe);
    if (devices.length === 0) throw new InvalidRolloutException('the selector matches no devices', { selector });
    const unknown = selector.deviceIds?.filter((id) => !devices.some((d) => d.id === id)) ?? [];
    if (unknown.length) {
      throw new InvalidRolloutException(
        `device(s) not found or not matching the rest of the selector: ${unknown.slice(0, 20).join(', ')}`,
        { unknown },
      );
    }
    const issues = checkRecipe(
      recipe,
      version.inputs,
      distinctTargets(devices.map((d) => toBuildDevice(d))),
      version.calibrationSha256 !== null,
    );
    if (issues.length) throw new RecipeRejectedException(issues);
    const unkeyed = devices.filter((d) => compatKey(toBuildDevice(d), recipe) === null).map((d) => d.id);
    if (unkeyed.length) {
      throw new InvalidRolloutException(
        `device(s) without SM arch or TensorRT version cannot share engines: ${unkeyed.slice(0, 20).join(', ')}`,
        { unkeyed },
      );
    }
    if (cmd.powerMode) {
      const refusals = [...new Set(devices.map((d) => d.module))]
        .map((m) => resolveModeFor(m, cmd.powerMode ?? '', cmd.allowReboot === true))
        .filter((r) => !r.ok)
        .map((r) => (r.ok ? '' : r.reason));
      if (refusals.length) throw new InvalidRolloutException(`powerMode refused: ${refusals.join('; ')}`, { refusals });
    }
    const conflicts = await this.repo.conflicts(
      devices.map((d) => d.id),
      null,
    );
    if (conflicts.length) throw new RolloutDeviceConflictException(conflicts);

    const row = await this.repo.insert(
      {
        name,
        modelVersionId: version.id,
        recipe,
        recipeHash: recipeHash(recipe),
        powerMode: cmd.powerMode ?? null,
        allowReboot: cmd.allowReboot === true,
        selector: cmd.selector as Record<string, unknown>,
        stages,
        gates,
        autoPromote: cmd.autoPromote ?? true,
        maxConcurrent,
        state: RolloutState.Running,
        createdBy: cmd.createdBy ?? null,
      },
      stages.length,
    );
    await this.queue.step(row.id);
    await this.progress.announce(row, 'created');
    return row;
  }

  async approveStage(id: string, actor: string | null): Promise<RolloutRow> {
    const rollout = await this.get(id);
    const stage = (await this.repo.stages(id)).find((s) => s.idx === rollout.currentStage);
    // An inconclusive stage pauses the rollout; approving it is the operator's verdict "pass".
    const approvable =
      rollout.state === RolloutState.AwaitingApproval ||
      (rollout.state === RolloutState.Paused && stage?.state === StageState.Inconclusive);
    if (!approvable || !stage) {
      throw new RolloutStateConflictException(id, rollout.state, 'approveRolloutStage', [
        RolloutState.AwaitingApproval,
        'paused on an inconclusive stage',
      ]);
    }
    const now = new Date();
    await this.repo.updateStage(id, stage.idx, [StageState.Passed, StageState.Inconclusive], {
      state: StageState.Passed,
      approvedBy: actor ?? 'operator',
      finishedAt: stage.finishedAt ?? now,
    });
    const last = stage.idx >= rollout.stages.length - 1;
    const updated = await this.repo.update(
      id,
      [RolloutState.AwaitingApproval, RolloutState.Paused],
      last
        ? { state: RolloutState.Completed, finishedAt: now, reason: null }
        : { state: RolloutState.Running, currentStage: stage.idx + 1, reason: null },
    );
    if (!updated)
      throw new RolloutStateConflictException(id, (await this.get(id)).state, 'approveRolloutStage', [
        RolloutState.AwaitingApproval,
      ]);
    if (last) await this.repo.release(id);
    return this.after(updated, `stage ${stage.idx} approved`);
  }

  async pause(id: string, reason: string | null): Promise<RolloutRow> {
    const updated = await this.repo.update(id, [RolloutState.Running, RolloutState.AwaitingApproval], {
      state: RolloutState.Paused,
      reason: reason?.slice(0, 500) || 'paused by an operator',
    });
    if (!updated) return this.refuse(id, 'pauseRollout', [RolloutState.Running, RolloutState.AwaitingApproval]);
    return this.after(updated, 'paused');
  }

  /** Resumes a paused rollout; a stage that was inconclusive is judged again with a fresh deadline. */
  async resume(id: string): Promise<RolloutRow> {
    const rollout = await this.get(id);
    if (rollout.state !== RolloutState.Paused) return this.refuse(id, 'resumeRollout', [RolloutState.Paused]);
    const stage = (await this.repo.stages(id)).find((s) => s.idx === rollout.currentStage);
    if (stage?.state === StageState.Inconclusive) {
      const gates = rollout.gates as { evaluationTimeoutSec?: number };
      await this.repo.updateStage(id, stage.idx, [StageState.Inconclusive], {
        state: StageState.Baking,
        deadlineAt: new Date(Date.now() + (gates.evaluationTimeoutSec ?? 600) * 1000),
        finishedAt: null,
      });
    }
    const updated = await this.repo.update(id, [RolloutState.Paused], { state: RolloutState.Running, reason: null });
    if (!updated) return this.refuse(id, 'resumeRollout', [RolloutState.Paused]);
    return this.after(updated, 'resumed');
  }

  /** Stops rolling forward: devices not yet sent are cancelled, updated ones keep the new model. */
  async abort(id: string): Promise<RolloutRow> {
    const now = new Date();
    const updated = await this.repo.transaction(async (tx) => {
      const row = await this.repo.update(
        id,
        [RolloutState.Running, RolloutState.AwaitingApproval, RolloutState.Paused],
        { state: RolloutState.Aborted, finishedAt: now, reason: 'aborted by an operator' },
        tx,
      );
      if (!row) return undefined;
      const unsent = (await this.repo.deployments(id, { states: ['queued', 'building'] })).map((d) => d.deviceId);
      await this.repo.transition(
        id,
        unsent,
        ['queued', 'building'],
        'cancelled',
        now,
        { reason: 'rollout aborted' },
        tx,
      );
      await this.repo.updateStage(
        id,
        row.currentStage,
        [StageState.Pending, StageState.Deploying, StageState.Baking, StageState.Inconclusive],
        {
          state: StageState.Aborted,
          finishedAt: now,
        },
        tx,
      );
      await this.repo.release(id, tx);
      return row;
    });
    if (!updated)
      return this.refuse(id, 'abortRollout', [
        RolloutState.Running,
        RolloutState.AwaitingApproval,
        RolloutState.Paused,
      ]);
    return this.after(updated, 'aborted');
  }

  /** Sends every device this rollout touched back to what it ran before. */
  async rollbackAll(id: string): Promise<RolloutRow> {
    const now = new Date();
    const updated = await this.repo.transaction(async (tx) => {
      const row = await this.repo.update(
        id,
        [RolloutState.Running, RolloutState.AwaitingApproval, RolloutState.Paused],
        { state: RolloutState.RollingBack, reason: 'rolled back by an operator' },
        tx,
      );
      if (row) await this.rollback.mark(id, null, now, tx);
      return row;
    });
    if (!updated)
      return this.refuse(id, 'rollbackRollout', [
        RolloutState.Running,
        RolloutState.AwaitingApproval,
        RolloutState.Paused,
      ]);
    return this.after(updated, 'rolling back');
  }

  private async get(id: string): Promise<RolloutRow> {
    const row = isUuid(id) ? await this.repo.findById(id) : undefined;
    if (!row) throw new RolloutNotFoundException(id);
    return row;
  }

  private async refuse(id: string, action: string, allowed: readonly string[]): Promise<never> {
    const row = await this.get(id);
    throw new RolloutStateConflictException(id, row.state, action, allowed);
  }

  private async after(row: RolloutRow, message: string): Promise<RolloutRow> {
    await this.queue.step(row.id);
    await this.progress.announce(row, message);
    return row;
  }
}
