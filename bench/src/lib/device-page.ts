/** The page both API benchmarks serve: GraphQL's selection, and the same JSON built by hand. */
export const DEVICE_PAGE_QUERY = `query DevicePage($first: Int!) {
  devices(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id module online offlineReason lastSeenAt firstSeenAt statusChangedAt agentVersion protocolVersion heartbeatSec tags
        hardware { moduleName soc l4t jetpack tensorrt cuda smArch dlaCores cpuCores ramTotalMB diskTotalMB diskFreeMB powerMode simulated }
        latestTelemetry { ts powerMw gpuLoadPct cpuLoadPct powerMode gpuFreqMHz ramUsedMB latencyP95Ms fps ap50 temps { zone celsius } }
      }
    }
  }
}`;

export interface DeviceRowRaw {
  id: string;
  module: string;
  hardware: Record<string, unknown>;
  agent_version: string;
  protocol_version: number;
  online: boolean;
  heartbeat_sec: number;
  offline_reason: string | null;
  tags: string[];
  last_telemetry: Record<string, unknown> | null;
  first_seen_at: Date;
  last_seen_at: Date;
  status_changed_at: Date;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const cursor = (id: string): string => Buffer.from(`device:${id}`, 'utf8').toString('base64url');

function telemetry(raw: Record<string, unknown> | null): unknown {
  if (!raw || typeof raw.ts !== 'string') return null;
  const temps = raw.temps && typeof raw.temps === 'object' ? (raw.temps as Record<string, unknown>) : {};
  return {
    ts: new Date(raw.ts).toISOString(),
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

/** `{ data: { devices: … } }` as the GraphQL query above returns it, from plain `devices` rows. */
export function devicePageJson(rows: DeviceRowRaw[], first: number, totalCount: number): unknown {
  const page = rows.slice(0, first);
  const edges = page.map((r) => {
    const hw = r.hardware;
    return {
      cursor: cursor(r.id),
      node: {
        id: r.id,
        module: r.module,
        online: r.online,
        offlineReason: r.offline_reason,
        lastSeenAt: r.last_seen_at.toISOString(),
        firstSeenAt: r.first_seen_at.toISOString(),
        statusChangedAt: r.status_changed_at.toISOString(),
        agentVersion: r.agent_version,
        protocolVersion: r.protocol_version,
        heartbeatSec: r.heartbeat_sec,
        tags: r.tags,
        hardware: {
          moduleName: hw.moduleName ?? null,
          soc: hw.soc ?? null,
          l4t: hw.l4t ?? null,
          jetpack: hw.jetpack ?? null,
          tensorrt: hw.tensorrt ?? null,
          cuda: hw.cuda ?? null,
          smArch: hw.smArch ?? null,
          dlaCores: hw.dlaCores,
          cpuCores: hw.cpuCores,
          ramTotalMB: hw.ramTotalMB,
          diskTotalMB: hw.diskTotalMB,
          diskFreeMB: hw.diskFreeMB,
          powerMode: hw.powerMode ?? null,
          simulated: hw.simulated ?? false,
        },
        latestTelemetry: telemetry(r.last_telemetry),
      },
    };
  });
  return {
    data: {
      devices: {
        totalCount,
        pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
        edges,
      },
    },
  };
}
