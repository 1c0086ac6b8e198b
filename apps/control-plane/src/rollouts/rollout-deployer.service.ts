import { Injectable } from '@nestjs/common';
import type { DesiredModel } from '@jetfleet/protocol';
import { BuildArtifactsPort } from '../builds/build-artifacts.port.js';
import { AppConfig } from '../config/app-config.service.js';
import { resolveModeFor } from '../desired/power-mode.util.js';
import type { RolloutGates } from './gates/gate-config.schema.js';
import { RolloutDesired, type DeploymentSend } from './rollout-desired.service.js';
import { RolloutEngines, type ClassEngine } from './rollout-engines.service.js';
import { DeploymentState, IN_FLIGHT_STATES, SETTLED_STATES } from './rollout-state.constant.js';
import { DeviceTargetRepository } from '../desired/device-target.repository.js';
import { RolloutRepository, type DeploymentRow, type RolloutRow } from './rollout.repository.js';

const SEND_CHUNK = 500;
const WAITING: readonly DeploymentState[] = [DeploymentState.Queued, DeploymentState.Building];

export interface DeployOutcome {
  /** Every deployment of the stage has settled, or its device is offline with its document sent. */
  settled: boolean;
  sent: number;
  failed: number;
}

/**
 * Gets a stage's devices onto the new model: their class's engine first (built once per class),
 * then desired state, never more than `maxConcurrent` online devices converging at once. Offline
 * devices get their (retained) document too, without taking a slot: they converge when they return.
 */
@Injectable()
export class RolloutDeployer {
  constructor(
    private readonly repo: RolloutRepository,
    private readonly targets: DeviceTargetRepository,
    private readonly engines: RolloutEngines,
    private readonly artifacts: BuildArtifactsPort,
    private readonly desired: RolloutDesired,
    private readonly config: AppConfig,
  ) {}

  async deploy(rollout: RolloutRow, stageIdx: number, now: Date): Promise<DeployOutcome> {
    let failed = await this.timeOut(rollout.id, now);
    const rows = await this.repo.deployments(rollout.id, { stageIdx });
    const devices = new Map(
      (await this.targets.select({ deviceIds: rows.map((r) => r.deviceId) })).map((d) => [d.id, d]),
    );
    const online = (id: string): boolean => devices.get(id)?.online ?? false;

    const waiting = rows.filter((r) => WAITING.includes(r.state as DeploymentState));
    const byClass = new Map<string, string[]>();
    for (const r of waiting) byClass.set(r.compatKey, [...(byClass.get(r.compatKey) ?? []), r.deviceId]);
    const engines = byClass.size ? await this.engines.forClasses(rollout, byClass) : new Map<string, ClassEngine>();

    const ready: { row: DeploymentRow; engineSha256: string }[] = [];
    for (const [key, ids] of byClass) {
      const engine = engines.get(key);
      if (!engine) continue;
      if (engine.state === 'failed') {
        failed += (
          await this.repo.transition(rollout.id, ids, WAITING, DeploymentState.Failed, now, { reason: engine.reason })
        ).length;
      } else if (engine.state === 'building') {
        await this.repo.transition(rollout.id, ids, [DeploymentState.Queued], DeploymentState.Building, now);
      } else {
        for (const r of waiting) if (r.compatKey === key) ready.push({ row: r, engineSha256: engine.engineSha256 });
      }
    }

    const inFlight = rows.filter(
      (r) => IN_FLIGHT_STATES.includes(r.state as DeploymentState) && online(r.deviceId),
    ).length;
    let slots = Math.max(0, rollout.maxConcurrent - inFlight);
    const toSend: typeof ready = [];
    for (const item of ready) {
      if (!online(item.row.deviceId)) toSend.push(item);
      else if (slots > 0) {
        toSend.push(item);
        slots--;
      }
    }
    // Chunks, so the first devices are published while later documents are still being written.
    const version = toSend.length ? await this.artifacts.getModelVersion(rollout.modelVersionId) : null;
    let sent = 0;
    for (let i = 0; i < toSend.length; i += SEND_CHUNK) {
      const sends: DeploymentSend[] = await Promise.all(
        toSend.slice(i, i + SEND_CHUNK).map(async (item) => ({
          deviceId: item.row.deviceId,
          patch: await this.patchFor(
            rollout,
            version?.simHints ?? null,
            item.engineSha256,
            item.row.deviceId,
            devices.get(item.row.deviceId)?.module ?? '',
          ),
        })),
      );
      sent += await this.desired.send(rollout.id, sends, WAITING, DeploymentState.Downloading, 'desired_rev', now);
    }

    const after = await this.repo.deployments(rollout.id, { stageIdx });
    // An offline device that has its document does not hold the stage (it converges when it returns);
    // one still waiting for its class's engine does, since it has been sent nothing yet.
    const settled = after.every(
      (r) =>
        SETTLED_STATES.includes(r.state as DeploymentState) ||
        (IN_FLIGHT_STATES.includes(r.state as DeploymentState) && !online(r.deviceId)),
    );
    return { settled, sent, failed };
  }

  private async patchFor(
    rollout: RolloutRow,
    simHints: Record<string, number> | null,
    engineSha256: string,
    deviceId: string,
    module: string,
  ): Promise<DeploymentSend['patch']> {
    const gates = rollout.gates as unknown as RolloutGates;
    const health: NonNullable<DesiredModel['health']> = {};
    if (gates.minAp50 !== undefined && gates.minAp50 !== null) health.minAp50 = gates.minAp50;
    if (gates.maxLatencyP95Ms !== undefined && gates.maxLatencyP95Ms !== null)
      health.maxLatencyP95Ms = gates.maxLatencyP95Ms;
    const model: DesiredModel = {
      modelVersionId: rollout.modelVersionId,
      recipeHash: rollout.recipeHash,
      engine: await this.artifacts.downloadRef(engineSha256, deviceId, this.config.get('DESIRED_ARTIFACT_TTL_SEC')),
      ...(Object.keys(health).length ? { health } : {}),
      ...(simHints ? { simHints } : {}),
    };
    if (!rollout.powerMode) return { model };
    const mode = resolveModeFor(module, rollout.powerMode, rollout.allowReboot);
    // Creation refused modules without the mode; a device that changed module since keeps its mode.
    return mode.ok ? { model, powerMode: mode.mode } : { model };
  }

  /** Converging devices that went silent for too long count as failed. */
  private async timeOut(rolloutId: string, now: Date): Promise<number> {
    const limitSec = this.config.get('ROLLOUT_DEVICE_TIMEOUT_SEC');
    const stale = await this.repo.staleInFlight(rolloutId, IN_FLIGHT_STATES, new Date(now.getTime() - limitSec * 1000));
    const moved = await this.repo.transition(
      rolloutId,
      stale.map((s) => s.deviceId),
      IN_FLIGHT_STATES,
      DeploymentState.Failed,
      now,
      { reason: `timed out: no progress for ${limitSec} s` },
    );
    return moved.length;
  }
}
