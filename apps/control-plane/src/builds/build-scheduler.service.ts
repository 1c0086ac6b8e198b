import { Injectable } from '@nestjs/common';
import { buildRecipeSchema, type BuildRecipeInput } from '@jetfleet/protocol';
import type { z } from 'zod';
import { AppConfig } from '../config/app-config.service.js';
import { BuildArtifactsPort } from './build-artifacts.port.js';
import { distinctTargets, toBuildDevice } from './build-device.util.js';
import { BuildDeviceRepository, type DeviceSelector } from './build-device.repository.js';
import { BuildEvents } from './build-events.service.js';
import { cancelJobId, buildJobId } from './build-job-id.util.js';
import { BuildJobPublisher } from './build-job.publisher.js';
import { BuildLifecycle } from './build-lifecycle.service.js';
import { planBuilds } from './build-planner.util.js';
import { BuildQueue } from './build-queue.service.js';
import { BuildState, RUNNING_BUILD_STATES } from './build-state.constant.js';
import {
  EngineBuildFinishedException,
  EngineBuildNotFoundException,
  InvalidBuildInputException,
  ModelVersionNotFoundException,
  RecipeRejectedException,
} from './build.exception.js';
import { DeviceEngineRepository } from './device-engine.repository.js';
import { EngineBuildRepository, type EngineBuildRow } from './engine-build.repository.js';
import { checkRecipe, type RecipeIssue } from './recipe-check.util.js';
import { decideForClass } from './schedule-decision.util.js';
import { recipeHash } from './recipe-hash.util.js';
import { isUuid } from '../common/uuid.util.js';

const MAX_SELECTED_IDS = 10_000;

export interface ScheduleOptions {
  /**
   * A class whose latest build for this (version, recipe) failed or timed out gets no new shared
   * build: each of its devices builds for itself, uploading nothing (device engine built_locally).
   */
  allowLocalFallback?: boolean;
}

export interface ScheduleResult {
  modelVersionId: string;
  recipeHash: string;
  deviceCount: number;
  /** One per class, sorted by compatibility key. */
  builds: EngineBuildRow[];
  createdBuildIds: string[];
  unkeyedDeviceIds: string[];
  localBuildDeviceIds: string[];
}

const zodIssues = (error: z.ZodError): RecipeIssue[] =>
  error.issues.map((i) => ({ code: 'invalid_recipe', message: `${i.path.join('.') || 'recipe'}: ${i.message}` }));

/** Operator-facing entry points: schedule builds for a selection of devices, cancel a build. */
@Injectable()
export class BuildSchedulerService {
  constructor(
    private readonly builds: EngineBuildRepository,
    private readonly engines: DeviceEngineRepository,
    private readonly devices: BuildDeviceRepository,
    private readonly artifacts: BuildArtifactsPort,
    private readonly lifecycle: BuildLifecycle,
    private readonly publisher: BuildJobPublisher,
    private readonly queue: BuildQueue,
    private readonly events: BuildEvents,
    private readonly config: AppConfig,
  ) {}

  /**
   * Checks the recipe against the model's inputs and every kind of selected device (refusing
   * with all the reasons at once), then makes sure each compatibility class has one build: a
   * live or succeeded one is reused (a succeeded one only hands its engine to devices that lack
   * it), otherwise a new one is queued. Safe to call again: it converges, never duplicates.
   */
  async scheduleEngineBuilds(
    modelVersionId: string,
    rawRecipe: unknown,
    selector: DeviceSelector,
    options: ScheduleOptions = {},
  ): Promise<ScheduleResult> {
    const parsed = buildRecipeSchema.safeParse(rawRecipe);
    if (!parsed.success) throw new RecipeRejectedException(zodIssues(parsed.error));
    const recipe = parsed.data;
    this.checkSelector(selector);
    const version = isUuid(modelVersionId) ? await this.artifacts.getModelVersion(modelVersionId) : null;
    if (!version) throw new ModelVersionNotFoundException(modelVersionId);

    const rows = await this.devices.select(selector);
    const found = new Set(rows.map((r) => r.id));
    const unknown = selector.deviceIds?.filter((id) => !found.has(id)) ?? [];
    if (unknown.length) {
      throw new InvalidBuildInputException(
        `device(s) not found or not matching the rest of the selector: ${unknown.slice(0, 20).join(', ')}`,
        { unknown },
      );
    }
    if (rows.length === 0) throw new InvalidBuildInputException('the selector matches no devices', { selector });
    const devices = rows.map(toBuildDevice);
    const issues = checkRecipe(recipe, version.inputs, distinctTargets(devices), version.calibrationSha256 !== null);
    if (issues.length) throw new RecipeRejectedException(issues);

    const plan = planBuilds(devices, recipe);
    const hash = recipeHash(recipe);
    const now = new Date();
    await this.engines.upsertPending(
      plan.groups.flatMap((g) =>
        g.deviceIds.map((deviceId) => ({ deviceId, modelVersionId, recipeHash: hash, compatKey: g.compatKey })),
      ),
      now,
    );

    const decisive = await this.builds.decisivePerKey(
      modelVersionId,
      hash,
      plan.groups.map((g) => g.compatKey),
    );
    const result: ScheduleResult = {
      modelVersionId,
      recipeHash: hash,
      deviceCount: devices.length,
      builds: [],
      createdBuildIds: [],
      unkeyedDeviceIds: plan.unkeyed,
      localBuildDeviceIds: [],
    };
    const toCreate: string[] = [];
    for (const group of plan.groups) {
      const build = decisive.get(group.compatKey);
      const decision = decideForClass(build, options.allowLocalFallback === true);
      if (!build || decision === 'create') {
        toCreate.push(group.compatKey);
        continue;
      }
      result.builds.push(build);
      switch (decision) {
        case 'fetch':
          await this.queue.distribute(build.id);
          break;
        case 'local':
          await this.queue.localFallback(build.id, group.deviceIds);
          result.localBuildDeviceIds.push(...group.deviceIds);
          break;
        case 'join':
          break;
      }
    }
    if (toCreate.length) {
      const created = await this.createBuilds(modelVersionId, recipe, hash, toCreate, now);
      result.builds.push(...created.rows);
      result.createdBuildIds = created.newIds;
      await this.queue.dispatchSoon();
    }
    result.builds.sort((a, b) => a.compatKey.localeCompare(b.compatKey));
    result.localBuildDeviceIds.sort();
    return result;
  }

  /**
   * Cancels a queued or running build; a running attempt's builder is sent a `cancel` job. The
   * class's waiting devices are told there will be no engine. Cancelling a cancelled build is a
   * no-op; a build that ended otherwise is a CONFLICT.
   */
  async cancelEngineBuild(id: string): Promise<EngineBuildRow> {
    if (!isUuid(id)) throw new EngineBuildNotFoundException(id);
    const now = new Date();
    const before = await this.builds.findById(id);
    if (!before) throw new EngineBuildNotFoundException(id);
    const row = await this.builds.cancel(id, now);
    if (!row) {
      const current = (await this.builds.findById(id)) ?? before;
      if (current.state === BuildState.Cancelled) return current;
      throw new EngineBuildFinishedException(id, current.state);
    }
    const wasRunning = (RUNNING_BUILD_STATES as readonly string[]).includes(before.state);
    if (wasRunning && row.builderDeviceId) {
      await this.publisher.sendCancel(
        row.builderDeviceId,
        cancelJobId(row.id, row.attempt),
        buildJobId(row.id, row.attempt),
      );
    }
    await this.lifecycle.endedWithoutEngine(row, now);
    await this.queue.dispatchSoon();
    await this.events.changed(row);
    return row;
  }

  private async createBuilds(
    modelVersionId: string,
    recipe: BuildRecipeInput,
    hash: string,
    keys: string[],
    now: Date,
  ): Promise<{ rows: EngineBuildRow[]; newIds: string[] }> {
    const inserted = await this.builds.insertQueued(
      keys.map((compatKey) => ({
        modelVersionId,
        recipe,
        recipeHash: hash,
        compatKey,
        maxAttempts: this.config.get('BUILD_MAX_ATTEMPTS'),
        queuedAt: now,
      })),
    );
    await this.events.changed(...inserted);
    // A key skipped by the insert got its build from a concurrent schedule: report that one.
    const missing = keys.filter((k) => !inserted.some((r) => r.compatKey === k));
    const raced = missing.length ? await this.builds.decisivePerKey(modelVersionId, hash, missing) : new Map();
    return {
      rows: [...inserted, ...missing.flatMap((k) => (raced.has(k) ? [raced.get(k) as EngineBuildRow] : []))],
      newIds: inserted.map((r) => r.id),
    };
  }

  private checkSelector(selector: DeviceSelector): void {
    if (selector.deviceIds && selector.deviceIds.length > MAX_SELECTED_IDS) {
      throw new InvalidBuildInputException(`at most ${MAX_SELECTED_IDS} device ids per selector`);
    }
  }
}
