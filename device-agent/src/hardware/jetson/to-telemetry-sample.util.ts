import type { TelemetrySample } from '@jetfleet/protocol';
import type { TegrastatsReading } from '../executors/tegrastats.sampler.js';

export interface InferenceMetrics {
  readonly latencyP95Ms: number | null;
  readonly fps: number | null;
}

export interface TelemetryExtras {
  readonly powerMode: string | null;
  readonly inference: InferenceMetrics | null;
  readonly ap50: number | null;
  readonly diskFreeMB: number | null;
}

/** One telemetry sample from a parsed tegrastats line; what the line did not print stays null, never 0. */
export function toTelemetrySample(reading: TegrastatsReading, extras: TelemetryExtras): TelemetrySample {
  const { sample } = reading;
  const rails: Record<string, { curMw: number; avgMw: number }> = {};
  for (const [name, rail] of Object.entries(sample.rails)) rails[name] = { curMw: rail.curMw, avgMw: rail.avgMw };
  const temps: Record<string, number> = {};
  // The wire schema takes -100..200 °C; anything outside is a broken sensor, not a reading.
  // PMIC prints a constant placeholder (50 or 100 °C) on several modules, never a measurement,
  // and would otherwise dominate the hottest-zone figure and the temperature alerts.
  for (const [zone, celsius] of Object.entries(sample.temps))
    if (zone !== 'pmic' && celsius >= -100 && celsius <= 200) temps[zone] = celsius;
  const online = sample.cpu.filter((core) => core !== null);
  const cpuLoadPct =
    online.length === 0 ? null : round1(online.reduce((sum, core) => sum + core.loadPct, 0) / online.length);
  return {
    ts: new Date(reading.receivedAt).toISOString(),
    powerMw: sample.totalPowerMw,
    rails,
    temps,
    gpuLoadPct: sample.gpuLoadPct,
    gpuFreqMHz: sample.gpuFreqMHz,
    cpuLoadPct,
    ramUsedMB: sample.ramUsedMB,
    powerMode: extras.powerMode,
    latencyP95Ms: roundOrNull(extras.inference?.latencyP95Ms ?? null, 1000),
    fps: roundOrNull(extras.inference?.fps ?? null, 10),
    ap50: roundOrNull(extras.ap50, 10_000),
    diskFreeMB: extras.diskFreeMB === null ? null : Math.floor(extras.diskFreeMB),
  };
}

const round1 = (value: number): number => Math.round(value * 10) / 10;
const roundOrNull = (value: number | null, scale: number): number | null =>
  value === null ? null : Math.round(value * scale) / scale;
