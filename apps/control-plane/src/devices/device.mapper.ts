import type { DeviceRow } from '../database/schema.js';
import type { Device, HardwareFacts, TelemetrySnapshot } from './dto/device.type.js';

type Json = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function toTelemetry(raw: Json | null): TelemetrySnapshot | null {
  if (!raw || typeof raw.ts !== 'string') return null;
  const temps = raw.temps && typeof raw.temps === 'object' ? (raw.temps as Json) : {};
  return {
    ts: new Date(raw.ts),
    powerMw: num(raw.powerMw),
    gpuLoadPct: num(raw.gpuLoadPct),
    cpuLoadPct: num(raw.cpuLoadPct),
    powerMode: str(raw.powerMode),
    gpuFreqMHz: num(raw.gpuFreqMHz),
    ramUsedMB: num(raw.ramUsedMB),
    latencyP95Ms: num(raw.latencyP95Ms),
    fps: num(raw.fps),
    ap50: num(raw.ap50),
    temps: Object.entries(temps)
      .filter((e): e is [string, number] => typeof e[1] === 'number')
      .map(([zone, celsius]) => ({ zone, celsius })),
  };
}

/** Row → GraphQL object. The jsonb columns were validated by zod on the way in. */
export function toDevice(row: DeviceRow): Device {
  const hw = row.hardware as unknown as HardwareFacts;
  return {
    id: row.id,
    module: row.module,
    online: row.online,
    offlineReason: row.offlineReason,
    lastSeenAt: row.lastSeenAt,
    firstSeenAt: row.firstSeenAt,
    statusChangedAt: row.statusChangedAt,
    agentVersion: row.agentVersion,
    protocolVersion: row.protocolVersion,
    heartbeatSec: row.heartbeatSec,
    tags: row.tags,
    hardware: { ...hw, soc: hw.soc ?? null, simulated: hw.simulated ?? false },
    latestTelemetry: toTelemetry(row.lastTelemetry ?? null),
  };
}
