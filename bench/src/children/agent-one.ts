// One device publishing telemetry, for the agent benchmark: either the real device agent
// (DeviceAgent + SimulatedAdapter, configured as `jetfleet-agent run` configures it) or a bare
// mqtt.js client publishing the same messages on the same schedule. Each mode loads only what it
// uses, so memory compares like with like; the runner counts the messages on the broker.
import { randomUUID } from 'node:crypto';
import { childConfig, serve } from '../lib/ipc.js';
import { profilerHandlers } from '../lib/profiler.js';

interface Config {
  mode: 'agent' | 'bare';
  url: string;
  deviceId: string;
  heartbeatSec: number;
  /** Bare mode: the birth the agent would send, and telemetry split around its timestamp. */
  birth: string;
  telemetryHead: string;
  telemetryTail: string;
}

const cfg = childConfig<Config>();
const stopFns: Array<() => Promise<void>> = [];

if (cfg.mode === 'agent') {
  const { DeviceAgent, SimulatedAdapter } = await import('@jetfleet/device-agent');
  const adapter = new SimulatedAdapter({
    module: 'orin-nx-16gb',
    l4t: '36.4.4',
    diskTotalMB: 59_000,
    diskFreeMB: 30_000,
    seed: 1,
  });
  const agent = new DeviceAgent({ deviceId: cfg.deviceId, mqttUrl: cfg.url, heartbeatSec: cfg.heartbeatSec }, adapter);
  agent.start();
  stopFns.push(() => agent.stop());
} else {
  const { default: mqtt } = await import('mqtt');
  const base = `jetfleet/v1/devices/${cfg.deviceId}`;
  const sessionId = randomUUID();
  const client = mqtt.connect(cfg.url, {
    protocolVersion: 5,
    clientId: `jetfleet-dev-${cfg.deviceId}`,
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
  let seq = 0;
  let timer: NodeJS.Timeout | null = null;
  client.on('connect', () => {
    void (async () => {
      await client.subscribeAsync([`${base}/desired`, `${base}/jobs/+`], { qos: 1 });
      await client.publishAsync(`${base}/status`, cfg.birth, { qos: 1, retain: true });
      const beat = (): void => {
        const msg = `{"seq":${seq++},"sessionId":"${sessionId}",${cfg.telemetryHead}${new Date().toISOString()}${cfg.telemetryTail}`;
        if (client.connected) client.publish(`${base}/telemetry`, msg, { qos: 0 });
      };
      beat();
      timer = setInterval(beat, cfg.heartbeatSec * 1000);
    })();
  });
  stopFns.push(async () => {
    if (timer) clearInterval(timer);
    await client.endAsync();
  });
}

let mark = process.cpuUsage();
let markAt = performance.now();
serve({
  ...profilerHandlers,
  mark: () => {
    mark = process.cpuUsage();
    markAt = performance.now();
  },
  report: () => {
    const cpu = process.cpuUsage(mark);
    // Memory after a full collection (run with --expose-gc), so a collection that happens to be
    // due does not decide the comparison; the peak RSS is reported next to it.
    (globalThis as { gc?: () => void }).gc?.();
    const mem = process.memoryUsage();
    return {
      cpuSec: (cpu.user + cpu.system) / 1e6,
      wallSec: (performance.now() - markAt) / 1000,
      rssMB: mem.rss / 2 ** 20,
      heapUsedMB: mem.heapUsed / 2 ** 20,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
    };
  },
  stop: async () => {
    for (const fn of stopFns) await fn();
  },
});
