import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '../../database/database.tokens.js';
import { LATENCY_QUANTILE_PROBS, type DeviceMetrics } from './device-metrics.types.js';

interface Row {
  device_id: string;
  module: string;
  online: boolean;
  power_mode: string | null;
  samples: number;
  latency_samples: number;
  latency_p95_ms: number | null;
  latency_quantiles: number[] | null;
  power_samples: number;
  power_w: number | null;
  ap50: number | null;
  ap50_at: Date | null;
}

/** $1 device ids, [$2, $3) the window on `ts`, $4 the latency quantile probabilities. */
export const DEVICE_METRICS_SQL = `WITH w AS (
     SELECT device_id,
            count(*)::int AS samples,
            count(latency_p95_ms)::int AS latency_samples,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_p95_ms::numeric::float8) AS latency_p95_ms,
            percentile_cont($4::float8[]) WITHIN GROUP (ORDER BY latency_p95_ms::numeric::float8) AS latency_quantiles,
            count(power_mw)::int AS power_samples,
            (avg(power_mw::numeric) / 1000)::float8 AS power_w,
            (array_agg(ap50 ORDER BY ts DESC) FILTER (WHERE ap50 IS NOT NULL))[1] AS ap50,
            max(ts) FILTER (WHERE ap50 IS NOT NULL) AS ap50_at,
            (array_agg(power_mode ORDER BY ts DESC) FILTER (WHERE power_mode IS NOT NULL))[1] AS power_mode
       FROM telemetry_samples
      WHERE device_id = ANY($1::text[]) AND ts >= $2 AND ts < $3
      GROUP BY device_id)
   SELECT d.id AS device_id, d.module, d.online,
          COALESCE(w.power_mode, d.last_telemetry->>'powerMode', d.hardware->>'powerMode') AS power_mode,
          COALESCE(w.samples, 0) AS samples, COALESCE(w.latency_samples, 0) AS latency_samples,
          w.latency_p95_ms, w.latency_quantiles, COALESCE(w.power_samples, 0) AS power_samples,
          w.power_w, w.ap50, w.ap50_at
     FROM devices d LEFT JOIN w ON w.device_id = d.id
    WHERE d.id = ANY($1::text[])
    ORDER BY d.id`;

/** The telemetry reads of rollout gates. */
@Injectable()
export class CohortMetricsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  /**
   * Every known device of `deviceIds` with its figures over [since, until), in one query. Devices
   * without samples in the window are returned too (samples 0), so a silent canary is waited for
   * rather than forgotten; unknown ids are left out. The window is a plain range on `ts`, which lets
   * PostgreSQL prune the daily partitions of telemetry_samples. Reals go through numeric so that a
   * stored 9.3 comes back as 9.3, not as its float4 neighbour 9.300000190734863.
   */
  async deviceMetrics(deviceIds: readonly string[], since: Date, until: Date): Promise<DeviceMetrics[]> {
    if (deviceIds.length === 0) return [];
    const r = await this.pool.query<Row>(DEVICE_METRICS_SQL, [deviceIds, since, until, LATENCY_QUANTILE_PROBS]);
    return r.rows.map((row) => ({
      deviceId: row.device_id,
      module: row.module,
      powerMode: row.power_mode,
      online: row.online,
      samples: row.samples,
      latencySamples: row.latency_samples,
      latencyP95Ms: row.latency_p95_ms,
      latencyQuantiles: row.latency_quantiles,
      powerSamples: row.power_samples,
      powerW: row.power_w,
      ap50: row.ap50,
      ap50At: row.ap50_at,
    }));
  }
}
