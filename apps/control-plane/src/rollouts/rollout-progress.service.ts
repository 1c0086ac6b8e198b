import { Injectable } from '@nestjs/common';
import { RolloutEvents } from './rollout-events.service.js';
import { RolloutRepository, type RolloutRow } from './rollout.repository.js';

/** Counts a rollout's deployments and announces where it stands. */
@Injectable()
export class RolloutProgress {
  constructor(
    private readonly repo: RolloutRepository,
    private readonly events: RolloutEvents,
  ) {}

  async counts(rolloutId: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const c of await this.repo.countsByState(rolloutId)) out[c.state] = (out[c.state] ?? 0) + c.n;
    return out;
  }

  async announce(rollout: RolloutRow, message: string | null = null): Promise<void> {
    const stage = (await this.repo.stages(rollout.id)).find((s) => s.idx === rollout.currentStage);
    await this.events.changed({
      rolloutId: rollout.id,
      state: rollout.state,
      currentStage: rollout.currentStage,
      stageState: stage?.state ?? null,
      counts: await this.counts(rollout.id),
      message,
      at: new Date(),
    });
  }
}
