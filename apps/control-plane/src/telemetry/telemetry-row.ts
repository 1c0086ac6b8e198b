import type { TelemetrySample } from '@jetfleet/protocol';

/** One telemetry_samples row, in column order for the unnest-based batch insert. */
export interface TelemetryRow {
  deviceId: string;
  ts: Date;
  receivedAt: Date;
  powerMw: number | null;
  gpuLoadPct: number | null;
  cpuLoadPct: number | null;
  gpuFreqMHz: number | null;
  ramUsedMB: number | null;
  tempMaxC: number | null;
  temps: Record<string, number> | null;
  rails: Record<string, { curMw: number; avgMw: number }> | null;
  powerMode: string | null;
  latencyP95Ms: number | null;
  fps: number | null;
  ap50: number | null;
  diskFreeMB: number | null;
}

/** Device clocks drift; a sample stamped more than this far ahead is stored at its receive time. */
const MAX_FUTURE_SKEW_MS = 5 * 60_000;

export function toTelemetryRow(deviceId: string, s: TelemetrySample, receivedAt: Date): TelemetryRow {
  const stamped = new Date(s.ts);
  const temps = s.temps ?? null;
  const tempValues = temps ? Object.values(temps) : [];
  return {
    deviceId,
    ts: stamped.getTime() - receivedAt.getTime() > MAX_FUTURE_SKEW_MS ? receivedAt : stamped,
    receivedAt,
    powerMw: s.powerMw,
    gpuLoadPct: s.gpuLoadPct ?? null,
    cpuLoadPct: s.cpuLoadPct ?? null,
    gpuFreqMHz: s.gpuFreqMHz ?? null,
    ramUsedMB: s.ramUsedMB ?? null,
    tempMaxC: tempValues.length ? Math.max(...tempValues) : null,
    temps,
    rails: s.rails ?? null,
    powerMode: s.powerMode ?? null,
    latencyP95Ms: s.latencyP95Ms ?? null,
    fps: s.fps ?? null,
    ap50: s.ap50 ?? null,
    diskFreeMB: s.diskFreeMB ?? null,
  };
}
