// Memory of N simulated devices in one process: FleetSimulator's agents, or N bare mqtt.js clients
// doing what a device does on the wire (will, inbox subscription, retained birth, telemetry every
// heartbeat). Run with --expose-gc; each mode loads only what it uses.
import { sleep } from '../lib/children.js';
import { randomUUID } from 'node:crypto';
import { childConfig, serve } from '../lib/ipc.js';

interface Config {
  mode: 'agents' | 'bare';
  url: string;
  devices: number;
  prefix: string;
  heartbeatSec: number;
  birth: string;
  telemetryHead: string;
  telemetryTail: string;
}

const cfg = childConfig<Config>();
const gc = (globalThis as { gc?: () => void }).gc;
const settle = async (): Promise<{ rssMB: number; heapUsedMB: number }> => {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await sleep(100);
  }
  const m = process.memoryUsage();
  return { rssMB: m.rss / 2 ** 20, heapUsedMB: m.heapUsed / 2 ** 20 };
};

let stop: () => Promise<void> = () => Promise.resolve();
let connected: () => number = () => 0;

async function startAgents(): Promise<void> {
  const { FleetSimulator } = await import('@jetfleet/device-agent');
  const fleet = new FleetSimulator({
    devices: cfg.devices,
    mqttUrl: cfg.url,
    heartbeatSec: cfg.heartbeatSec,
    idPrefix: cfg.prefix,
    rampMs: Math.min(5000, cfg.devices * 5),
  });
  await fleet.start();
  connected = () => fleet.connectedCount();
  stop = () => fleet.stop();
}

async function startBare(): Promise<void> {
  const { default: mqtt } = await import('mqtt');
  const clients: Array<import('mqtt').MqttClient> = [];
  const timers: NodeJS.Timeout[] = [];
  let up = 0;
  for (let i = 0; i < cfg.devices; i++) {
    const id = `${cfg.prefix}-${String(i).padStart(5, '0')}`;
    const base = `jetfleet/v1/devices/${id}`;
    const sessionId = randomUUID();
    const client = mqtt.connect(cfg.url, {
      protocolVersion: 5,
      clientId: `jetfleet-dev-${id}`,
      clean: true,
      keepalive: Math.max(5, Math.ceil(cfg.heartbeatSec * 2)),
      reconnectPeriod: 0,
      will: {
        topic: `${base}/status`,
        payload: Buffer.from(JSON.stringify({ state: 'offline', reason: 'lwt', sessionId })),
        qos: 1,
        retain: true,
      },
    });
    clients.push(client);
    let seq = 0;
    client.on('connect', () => {
      void (async () => {
        await client.subscribeAsync([`${base}/desired`, `${base}/jobs/+`], { qos: 1 });
        await client.publishAsync(`${base}/status`, cfg.birth, { qos: 1, retain: true });
        up++;
        const beat = (): void => {
          const msg = `{"seq":${seq++},"sessionId":"${sessionId}",${cfg.telemetryHead}${new Date().toISOString()}${cfg.telemetryTail}`;
          if (client.connected) client.publish(`${base}/telemetry`, msg, { qos: 0 });
        };
        beat();
        timers.push(setInterval(beat, cfg.heartbeatSec * 1000));
      })();
    });
    if (i % 50 === 49) await sleep(25);
  }
  connected = () => up;
  stop = async () => {
    for (const t of timers) clearInterval(t);
    await Promise.all(clients.map((c) => c.endAsync().catch(() => undefined)));
  };
}

serve({
  /** Memory before any device exists (modules loaded), then with every device connected and beating. */
  measure: async () => {
    if (cfg.mode === 'agents') await import('@jetfleet/device-agent');
    else await import('mqtt');
    const before = await settle();
    if (cfg.mode === 'agents') await startAgents();
    else await startBare();
    const end = Date.now() + 120_000;
    while (connected() < cfg.devices && Date.now() < end) await sleep(100);
    if (connected() < cfg.devices) throw new Error(`only ${connected()} of ${cfg.devices} devices connected`);
    // Every device has sent telemetry at least once (the simulated tegrastats' first line comes after one interval).
    await sleep(cfg.heartbeatSec * 1000 + 1500);
    const after = await settle();
    return { before, after };
  },
  stop: () => stop(),
});
