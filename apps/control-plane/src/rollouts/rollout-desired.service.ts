import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { DesiredStatePublisher } from '../desired/desired-state.publisher.js';
import { DesiredStateRepository } from '../desired/desired-state.repository.js';
import type { DesiredPatch } from '../desired/desired-state.util.js';
import { RolloutRepository } from './rollout.repository.js';
import type { DeploymentState } from './rollout-state.constant.js';

export interface DeploymentSend {
  deviceId: string;
  patch: DesiredPatch;
}

/**
 * Writes desired state for a rollout's devices and moves their deployments in the same
 * transaction (so a crash can never leave a device with a new document but a deployment that
 * does not know its rev), then publishes after commit. A deployment not in `from` any more (an
 * operator or another step got there first) gets no document.
 */
@Injectable()
export class RolloutDesired {
  constructor(
    private readonly repo: RolloutRepository,
    private readonly desired: DesiredStateRepository,
    private readonly publisher: DesiredStatePublisher,
  ) {}

  async send(
    rolloutId: string,
    items: readonly DeploymentSend[],
    from: readonly DeploymentState[],
    to: DeploymentState,
    revColumn: 'desired_rev' | 'rollback_rev',
    now: Date,
  ): Promise<number> {
    if (items.length === 0) return 0;
    const stored = await this.repo.transaction(async (tx) => {
      const claimed = await this.repo.transition(
        rolloutId,
        items.map((i) => i.deviceId),
        from,
        to,
        now,
        {},
        tx,
      );
      const ids = new Set(claimed.map((c) => c.deviceId));
      const docs = await this.desired.writeMany(
        items.filter((i) => ids.has(i.deviceId)),
        now,
        tx,
      );
      if (docs.length) {
        await tx.execute(sql`
          UPDATE rollout_devices AS d SET ${sql.raw(revColumn)} = v.rev
            FROM (SELECT unnest(${sql.param(docs.map((d) => d.deviceId))}::text[]) AS device_id,
                         unnest(${sql.param(docs.map((d) => d.rev))}::bigint[]) AS rev) AS v
           WHERE d.rollout_id = ${rolloutId} AND d.device_id = v.device_id`);
      }
      return docs;
    });
    await this.publisher.publish(stored);
    return stored.length;
  }
}
