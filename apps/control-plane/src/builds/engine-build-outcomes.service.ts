import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { buildJobId } from './build-job-id.util.js';

/** Shape of the alerts feature's `BuildOutcome` (alerts/alert-evaluation.types.ts), kept structural. */
export interface EngineBuildOutcome {
  jobId: string;
  succeeded: boolean;
  finishedAt: Date;
  message: string | null;
}

/**
 * Feeds the `build_failed` alert rule: per builder device, its finished builds since `since`,
 * and at least its latest. A build counts for the device that ran its last attempt; earlier
 * attempts that failed elsewhere show in `triedDevices`, not here. Meant to replace the
 * alerts feature's placeholder `BuildOutcomeSource` (same `recent` signature).
 */
@Injectable()
export class EngineBuildOutcomes {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  async recent(since: Date): Promise<ReadonlyMap<string, readonly EngineBuildOutcome[]>> {
    const result = await this.db.execute<{
      id: string;
      attempt: number;
      builder_device_id: string;
      state: string;
      error: string | null;
      finished_at: Date | string;
    }>(sql`
      SELECT id, attempt, builder_device_id, state, error, finished_at FROM (
        SELECT id, attempt, builder_device_id, state, error, finished_at,
               row_number() OVER (PARTITION BY builder_device_id ORDER BY finished_at DESC) AS rn
        FROM engine_builds
        WHERE builder_device_id IS NOT NULL AND finished_at IS NOT NULL
          AND state IN ('succeeded', 'failed', 'timed_out')
      ) b
      WHERE rn = 1 OR finished_at >= ${since.toISOString()}::timestamptz`);
    const out = new Map<string, EngineBuildOutcome[]>();
    for (const r of result.rows) {
      const outcome = {
        jobId: buildJobId(r.id, r.attempt),
        succeeded: r.state === 'succeeded',
        finishedAt: new Date(r.finished_at),
        message: r.error,
      };
      out.set(r.builder_device_id, [...(out.get(r.builder_device_id) ?? []), outcome]);
    }
    return out;
  }
}
