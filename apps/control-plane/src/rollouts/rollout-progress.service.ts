import { Injectable, Logger } from '@nestjs/common';
import { RolloutEvents } from './rollout-events.service.js';
import { RolloutRepository, type RolloutRow } from './rollout.repository.js';

/** Device-driven announcements of one rollout are coalesced to at most one per this interval. */
const DEVICE_ANNOUNCE_MS = 500;

/** Counts a rollout's deployments and announces where it stands. */
@Injectable()
export class RolloutProgress {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly logger = new Logger(RolloutProgress.name);

  constructor(
    private readonly repo: RolloutRepository,
    private readonly events: RolloutEvents,
  ) {}

  async counts(rolloutId: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const c of await this.repo.countsByState(rolloutId)) out[c.state] = (out[c.state] ?? 0) + c.n;
    return out;
  }

  /**
   * For changes devices cause (thousands per stage): the counts query runs at most once per
   * interval per rollout, announcing the latest state; controller and operator changes use `announce`.
   */
  announceSoon(rolloutId: string, message: string): void {
    if (this.pending.has(rolloutId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(rolloutId);
      void this.repo
        .findById(rolloutId)
        .then((row) => (row ? this.announce(row, message) : undefined))
        .catch(() => undefined);
    }, DEVICE_ANNOUNCE_MS);
    timer.unref();
    this.pending.set(rolloutId, timer);
  }

  /** Never throws: progress events are best effort, the state itself is in PostgreSQL. */
  async announce(rollout: RolloutRow, message: string | null = null): Promise<void> {
    try {
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
    } catch (err) {
      this.logger.warn(`rollout ${rollout.id} progress not announced: ${(err as Error).message}`);
    }
  }
}
