import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '../database/database.tokens.js';
import type { TelemetryRow } from './telemetry-row.js';

const json = (v: unknown): string | null => (v == null ? null : JSON.stringify(v));

/** Telemetry SQL that must be fast: one statement per batch, whatever its size. */
@Injectable()
export class TelemetryRepository {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  /**
   * Inserts a batch with a single `INSERT … SELECT FROM unnest(…)`: one round trip and 16 array
   * parameters regardless of the row count (a VALUES list would hit the 65,535-parameter limit).
   */
  async insertBatch(rows: TelemetryRow[]): Promise<void> {
    if (rows.length === 0) return;
    const col = <K extends keyof TelemetryRow>(k: K) => rows.map((r) => r[k]);
    await this.pool.query(
      `INSERT INTO telemetry_samples (device_id, ts, received_at, power_mw, gpu_load_pct, cpu_load_pct, gpu_freq_mhz,
         ram_used_mb, temp_max_c, temps, rails, power_mode, latency_p95_ms, fps, ap50, disk_free_mb)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::real[], $5::real[], $6::real[],
         $7::real[], $8::real[], $9::real[], $10::jsonb[], $11::jsonb[], $12::text[], $13::real[], $14::real[],
         $15::real[], $16::real[])`,
      [
        col('deviceId'),
        col('ts'),
        col('receivedAt'),
        col('powerMw'),
        col('gpuLoadPct'),
        col('cpuLoadPct'),
        col('gpuFreqMHz'),
        col('ramUsedMB'),
        col('tempMaxC'),
        rows.map((r) => json(r.temps)),
        rows.map((r) => json(r.rails)),
        col('powerMode'),
        col('latencyP95Ms'),
        col('fps'),
        col('ap50'),
        col('diskFreeMB'),
      ],
    );
  }
}
