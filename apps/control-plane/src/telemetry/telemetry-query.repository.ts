import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '../database/database.tokens.js';

export interface PointRow {
  at: Date;
  samples: number;
  devices: number;
  power_mean_mw: number | null;
  power_max_mw: number | null;
  latency_p95_ms: number | null;
  temp_max_c: number | null;
  gpu_load_mean_pct: number | null;
  ap50: number | null;
}

export interface CohortQuery {
  module?: string;
  tag?: string;
}

export interface DeviceSummaryRow {
  id: string;
  module: string;
  online: boolean;
  power_mode: string | null;
  power_mw: number | null;
}

@Injectable()
export class TelemetryQueryRepository {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async rawSeries(deviceId: string, from: Date, to: Date, limit: number): Promise<PointRow[]> {
    const r = await this.pool.query<PointRow>(
      `SELECT ts AS at, 1 AS samples, 1 AS devices, power_mw AS power_mean_mw, power_mw AS power_max_mw,
              latency_p95_ms, temp_max_c, gpu_load_pct AS gpu_load_mean_pct, ap50
         FROM telemetry_samples WHERE device_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts LIMIT $4`,
      [deviceId, from, to, limit],
    );
    return r.rows;
  }

  async rollupSeries(deviceId: string, size: number, from: Date, to: Date): Promise<PointRow[]> {
    const r = await this.pool.query<PointRow>(
      `SELECT bucket AS at, samples, 1 AS devices, power_mean_mw, power_max_mw, latency_p95_ms, temp_max_c,
              gpu_load_mean_pct, ap50_last AS ap50
         FROM telemetry_rollups WHERE device_id = $1 AND bucket_seconds = $2 AND bucket >= $3 AND bucket < $4
        ORDER BY bucket`,
      [deviceId, size, from, to],
    );
    return r.rows;
  }

  /**
   * A cohort's series from the rollups of its current members. Latency takes the worst device's
   * p95 (a p95 of p95s would hide a slow minority); power and load are means over devices.
   */
  async cohortSeries(cohort: CohortQuery, size: number, from: Date, to: Date): Promise<PointRow[]> {
    const r = await this.pool.query<PointRow>(
      `SELECT r.bucket AS at, sum(r.samples)::int AS samples, count(DISTINCT r.device_id)::int AS devices,
              avg(r.power_mean_mw) AS power_mean_mw, max(r.power_max_mw) AS power_max_mw,
              max(r.latency_p95_ms) AS latency_p95_ms, max(r.temp_max_c) AS temp_max_c,
              avg(r.gpu_load_mean_pct) AS gpu_load_mean_pct, avg(r.ap50_last) AS ap50
         FROM telemetry_rollups r JOIN devices d ON d.id = r.device_id
        WHERE r.bucket_seconds = $1 AND r.bucket >= $2 AND r.bucket < $3
          AND ($4::text IS NULL OR d.module = $4) AND ($5::text IS NULL OR d.tags @> ARRAY[$5]::text[])
        GROUP BY r.bucket ORDER BY r.bucket`,
      [size, from, to, cohort.module ?? null, cohort.tag ?? null],
    );
    return r.rows;
  }

  /** One row per device with its latest power and mode, read from the device registry. */
  async deviceSummaries(): Promise<DeviceSummaryRow[]> {
    const r = await this.pool.query<DeviceSummaryRow>(
      `SELECT id, module, online,
              COALESCE(last_telemetry->>'powerMode', hardware->>'powerMode') AS power_mode,
              (last_telemetry->>'powerMw')::real AS power_mw
         FROM devices`,
    );
    return r.rows;
  }
}
