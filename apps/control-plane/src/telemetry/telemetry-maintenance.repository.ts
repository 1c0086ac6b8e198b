import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '../database/database.tokens.js';
import type { DailyPartition } from './partition-plan.util.js';

export const ROLLUP_SIZES = [60, 3600] as const;

/** DDL and batch SQL for partitions, retention and rollups. */
@Injectable()
export class TelemetryMaintenanceRepository {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async existingPartitions(): Promise<string[]> {
    const r = await this.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = 'telemetry_samples'`,
    );
    return r.rows.map((row) => row.name);
  }

  /**
   * Creates a daily partition. Rows for that day may already sit in the default partition
   * (a device with a wrong clock), and PostgreSQL refuses to attach over them, so they are
   * moved into the new table first, all in one transaction.
   */
  async createPartition(p: DailyPartition): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`CREATE TABLE "${p.name}" (LIKE telemetry_samples INCLUDING DEFAULTS)`);
      await client.query(
        `WITH moved AS (DELETE FROM telemetry_samples_default WHERE ts >= $1 AND ts < $2 RETURNING *)
         INSERT INTO "${p.name}" SELECT * FROM moved`,
        [p.from, p.to],
      );
      await client.query(
        `ALTER TABLE telemetry_samples ATTACH PARTITION "${p.name}"
           FOR VALUES FROM ('${p.from.toISOString()}') TO ('${p.to.toISOString()}')`,
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      // Another worker created it first.
      if ((err as { code?: string }).code !== '42P07') throw err;
    } finally {
      client.release();
    }
  }

  async dropPartition(name: string): Promise<void> {
    await this.pool.query(`DROP TABLE IF EXISTS "${name}"`);
  }

  async deleteExpired(rawBefore: Date, rollupsBefore: Date): Promise<void> {
    await this.pool.query('DELETE FROM telemetry_samples_default WHERE ts < $1', [rawBefore]);
    await this.pool.query('DELETE FROM telemetry_rollups WHERE bucket < $1', [rollupsBefore]);
  }

  async watermark(size: number): Promise<Date | null> {
    const r = await this.pool.query<{ done_until: Date }>(
      'SELECT done_until FROM rollup_watermarks WHERE bucket_seconds = $1',
      [size],
    );
    return r.rows[0]?.done_until ?? null;
  }

  /**
   * Recomputes every bucket of `size` seconds touched by [from, until) from raw samples and moves
   * the watermark to `watermark`. Upserts make a re-run (late samples, a crash mid-way) harmless;
   * the still-open bucket is computed too and simply recomputed on the next run.
   */
  async rollup(size: number, from: Date, until: Date, watermark: Date): Promise<number> {
    const interval = `${size} seconds`;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const r = await client.query(
        `INSERT INTO telemetry_rollups (device_id, bucket_seconds, bucket, samples, power_mean_mw, power_max_mw,
           latency_p95_ms, temp_max_c, gpu_load_mean_pct, ap50_last)
         SELECT device_id, $1, date_bin($2::interval, ts, 'epoch'::timestamptz) AS bucket, count(*),
                avg(power_mw), max(power_mw),
                percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_p95_ms),
                max(temp_max_c), avg(gpu_load_pct),
                (array_agg(ap50 ORDER BY ts DESC) FILTER (WHERE ap50 IS NOT NULL))[1]
           FROM telemetry_samples
          WHERE ts >= $3 AND ts < $4
          GROUP BY device_id, bucket
         ON CONFLICT (device_id, bucket_seconds, bucket) DO UPDATE SET
           samples = EXCLUDED.samples, power_mean_mw = EXCLUDED.power_mean_mw, power_max_mw = EXCLUDED.power_max_mw,
           latency_p95_ms = EXCLUDED.latency_p95_ms, temp_max_c = EXCLUDED.temp_max_c,
           gpu_load_mean_pct = EXCLUDED.gpu_load_mean_pct, ap50_last = EXCLUDED.ap50_last`,
        [size, interval, from, until],
      );
      await client.query(
        `INSERT INTO rollup_watermarks (bucket_seconds, done_until) VALUES ($1, $2)
         ON CONFLICT (bucket_seconds) DO UPDATE SET done_until = GREATEST(rollup_watermarks.done_until, EXCLUDED.done_until)`,
        [size, watermark],
      );
      await client.query('COMMIT');
      return r.rowCount ?? 0;
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  }
}
