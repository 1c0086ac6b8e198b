import { Injectable } from '@nestjs/common';
import { TelemetryBucket, type TelemetryPoint } from './dto/telemetry-point.type.js';
import type { FleetSummary } from './dto/fleet-summary.type.js';
import { summarizeFleet } from './fleet-summary.util.js';
import { InvalidTelemetryQueryException } from './telemetry.exception.js';
import { TelemetryQueryRepository, type CohortQuery, type PointRow } from './telemetry-query.repository.js';

const BUCKET_SECONDS: Record<Exclude<TelemetryBucket, TelemetryBucket.RAW>, number> = {
  [TelemetryBucket.MINUTE]: 60,
  [TelemetryBucket.HOUR]: 3600,
};
/** Caps the size of one answer: a client wanting more asks for coarser buckets or a shorter range. */
export const MAX_POINTS = 10_000;
const DEFAULT_RANGE_MS = 3_600_000;

const toPoint = (r: PointRow): TelemetryPoint => ({
  at: r.at,
  samples: Number(r.samples),
  devices: Number(r.devices),
  powerMeanMw: r.power_mean_mw,
  powerMaxMw: r.power_max_mw,
  latencyP95Ms: r.latency_p95_ms,
  tempMaxC: r.temp_max_c,
  gpuLoadMeanPct: r.gpu_load_mean_pct,
  ap50: r.ap50,
});

@Injectable()
export class TelemetryQueryService {
  constructor(private readonly repo: TelemetryQueryRepository) {}

  async deviceSeries(
    deviceId: string,
    from: Date | null,
    to: Date | null,
    bucket: TelemetryBucket,
  ): Promise<TelemetryPoint[]> {
    const range = this.range(from, to, bucket);
    const rows =
      bucket === TelemetryBucket.RAW
        ? await this.repo.rawSeries(deviceId, range.from, range.to, MAX_POINTS)
        : await this.repo.rollupSeries(deviceId, BUCKET_SECONDS[bucket], range.from, range.to);
    return rows.map(toPoint);
  }

  async cohortSeries(
    cohort: CohortQuery,
    from: Date | null,
    to: Date | null,
    bucket: TelemetryBucket,
  ): Promise<TelemetryPoint[]> {
    if (bucket === TelemetryBucket.RAW) {
      throw new InvalidTelemetryQueryException('cohort series need MINUTE or HOUR buckets', { bucket });
    }
    const range = this.range(from, to, bucket);
    return (await this.repo.cohortSeries(cohort, BUCKET_SECONDS[bucket], range.from, range.to)).map(toPoint);
  }

  async fleetSummary(): Promise<FleetSummary> {
    return summarizeFleet(await this.repo.deviceSummaries());
  }

  private range(from: Date | null, to: Date | null, bucket: TelemetryBucket): { from: Date; to: Date } {
    const end = to ?? new Date();
    const start = from ?? new Date(end.getTime() - DEFAULT_RANGE_MS);
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || start >= end) {
      throw new InvalidTelemetryQueryException('"from" must be before "to"', { from: start, to: end });
    }
    if (bucket !== TelemetryBucket.RAW) {
      const points = (end.getTime() - start.getTime()) / (BUCKET_SECONDS[bucket] * 1000);
      if (points > MAX_POINTS) {
        throw new InvalidTelemetryQueryException(
          `range holds ${Math.ceil(points)} ${bucket} buckets; at most ${MAX_POINTS} per query`,
          { bucket },
        );
      }
    }
    return { from: start, to: end };
  }
}
