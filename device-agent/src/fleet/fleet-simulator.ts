import path from 'node:path';
import { DeviceAgent } from '../device-agent.js';
import { SimulatedAdapter } from '../hardware/simulated/simulated.adapter.js';
import { profileForIndex } from '../hardware/simulated/simulated-device.profile.js';
import type { EngineRecord } from '../reconcile/agent-state.types.js';

export interface FleetOptions {
  devices: number;
  mqttUrl: string;
  heartbeatSec: number;
  idPrefix: string;
  seed?: number;
  /** Connects are spread over this many ms so a large fleet does not storm the broker. */
  rampMs?: number;
  /** Each agent keeps its engines and applied state in `<workDir>/<deviceId>` (default: under the OS temp dir). */
  workDir?: string;
  /** Wall seconds per simulated second for trtexec (default 1). */
  timeFactor?: number;
  /** The control plane's signing key: every agent pins it and refuses unsigned deployments. */
  signingPublicKeyPem?: string;
  log?: (msg: string) => void;
}

/** Many simulated agents in one process; used by the demo, the tests and the benchmarks. */
export class FleetSimulator {
  readonly agents: DeviceAgent[] = [];
  readonly adapters: SimulatedAdapter[] = [];
  private readonly byId = new Map<string, { agent: DeviceAgent; adapter: SimulatedAdapter }>();

  constructor(private readonly opts: FleetOptions) {
    const width = String(Math.max(opts.devices - 1, 1)).length;
    for (let i = 0; i < opts.devices; i++) {
      const deviceId = `${opts.idPrefix}-${String(i).padStart(Math.max(3, width), '0')}`;
      const adapter = new SimulatedAdapter({
        ...profileForIndex(i, opts.seed ?? 1),
        ...(opts.timeFactor === undefined ? {} : { timeFactor: opts.timeFactor }),
        // One tegrastats line per heartbeat keeps a large simulated fleet cheap.
        tegrastatsIntervalMs: Math.max(1000, Math.round(opts.heartbeatSec * 1000)),
      });
      const log = opts.log;
      const agent = new DeviceAgent(
        {
          deviceId,
          mqttUrl: opts.mqttUrl,
          heartbeatSec: opts.heartbeatSec,
          ...(opts.signingPublicKeyPem === undefined ? {} : { signingPublicKeyPem: opts.signingPublicKeyPem }),
          ...(opts.workDir === undefined ? {} : { workDir: path.join(opts.workDir, deviceId) }),
          ...(log ? { log: (level: string, msg: string) => level !== 'info' && log(`${deviceId}: ${msg}`) } : {}),
        },
        adapter,
      );
      this.adapters.push(adapter);
      adapter.onFault((fault) => {
        if (fault.kind === 'disconnect') agent.dropConnection();
      });
      this.agents.push(agent);
      this.byId.set(deviceId, { agent, adapter });
    }
  }

  get deviceIds(): string[] {
    return [...this.byId.keys()];
  }

  agent(deviceId: string): DeviceAgent {
    return this.device(deviceId).agent;
  }

  adapter(deviceId: string): SimulatedAdapter {
    return this.device(deviceId).adapter;
  }

  /** The engine a device serves, as its agent recorded it; null when it serves none. */
  activeModel(deviceId: string): EngineRecord | null {
    return this.device(deviceId).agent.activeModel;
  }

  private device(deviceId: string): { agent: DeviceAgent; adapter: SimulatedAdapter } {
    const found = this.byId.get(deviceId);
    if (!found) throw new Error(`no simulated device ${deviceId}`);
    return found;
  }

  async start(): Promise<void> {
    const gap = (this.opts.rampMs ?? 0) / Math.max(1, this.agents.length);
    for (const agent of this.agents) {
      agent.start();
      if (gap > 0) await new Promise((r) => setTimeout(r, gap));
    }
  }

  connectedCount(): number {
    return this.agents.filter((a) => a.connected).length;
  }

  async stop(): Promise<void> {
    await Promise.all(this.agents.map((a) => a.stop()));
  }
}
