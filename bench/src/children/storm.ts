// Connect storm: N MQTT connections opened with at most `concurrency` of them pending at a time,
// either as bare mqtt.js clients (the baseline) or as simulated device agents (FleetSimulator's
// agents, built before the clock starts). A slot frees when a bare client has its CONNACK, or when
// an agent is connected (inbox subscribed, birth acknowledged). Connections are spread over several
// 127.0.0.x source addresses when asked, so N is not capped by one address's ephemeral ports.
import net from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { FleetSimulator } from '@jetfleet/device-agent';
import { childConfig, serve } from '../lib/ipc.js';
import { profilerHandlers } from '../lib/profiler.js';

interface Config {
  url: string;
  mode: 'bare' | 'agents';
  devices: number;
  concurrency: number;
  addresses: number;
  prefix: string;
  heartbeatSec: number;
}

export interface StormResult {
  connected: number;
  failed: number;
  startedAt: number;
  lastConnectAt: number;
  /** deviceId → session of its current connection (agents only). */
  sessions: Record<string, string>;
  /** deviceId → Date.now() of its `connected` event (agents only). */
  connectedAt: Record<string, number>;
  reconnects: number;
}

const cfg = childConfig<Config>();

if (cfg.addresses > 1) {
  // mqtt.js opens TCP with net.createConnection({ port, host }); give each a source address in turn.
  const original = net.createConnection.bind(net);
  let next = 0;
  const spread = (options: net.NetConnectOpts, listener?: () => void): net.Socket =>
    original({ ...options, localAddress: `127.0.0.${1 + (next++ % cfg.addresses)}` } as net.NetConnectOpts, listener);
  (net as { createConnection: unknown }).createConnection = spread;
}

const clients: MqttClient[] = [];
const fleet =
  cfg.mode === 'agents'
    ? new FleetSimulator({
        devices: cfg.devices,
        mqttUrl: cfg.url,
        heartbeatSec: cfg.heartbeatSec,
        idPrefix: cfg.prefix,
      })
    : null;

function runBare(timeoutMs: number): Promise<StormResult> {
  const startedAt = Date.now();
  let connected = 0;
  let failed = 0;
  let started = 0;
  let lastConnectAt = startedAt;
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(), timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      resolve({ connected, failed, startedAt, lastConnectAt, sessions: {}, connectedAt: {}, reconnects: 0 });
    };
    const settle = (ok: boolean): void => {
      if (ok) {
        connected++;
        lastConnectAt = Date.now();
      } else failed++;
      if (connected + failed === cfg.devices) finish();
      else next();
    };
    const next = (): void => {
      if (started >= cfg.devices) return;
      const i = started++;
      const c = mqtt.connect(cfg.url, {
        protocolVersion: 5,
        clientId: `${cfg.prefix}-bare-${i}`,
        clean: true,
        keepalive: 10,
        reconnectPeriod: 0,
        connectTimeout: timeoutMs,
      });
      clients.push(c);
      let settled = false;
      const once = (ok: boolean) => (): void => {
        if (settled) return;
        settled = true;
        settle(ok);
      };
      c.once('connect', once(true));
      c.once('error', once(false));
      c.once('close', once(false));
    };
    for (let k = 0; k < cfg.concurrency; k++) next();
  });
}

function runAgents(timeoutMs: number): Promise<StormResult> {
  if (!fleet) throw new Error('not in agents mode');
  const sessions: Record<string, string> = {};
  const connectedAt: Record<string, number> = {};
  let unique = 0;
  let connections = 0;
  let lastConnectAt = 0;
  // FleetSimulator's device ids.
  const width = Math.max(3, String(Math.max(cfg.devices - 1, 1)).length);
  const ids = fleet.agents.map((_, i) => `${cfg.prefix}-${String(i).padStart(width, '0')}`);
  return new Promise((resolve) => {
    const startedAt = Date.now();
    const finish = (): void => {
      clearTimeout(timer);
      resolve({
        connected: unique,
        failed: cfg.devices - unique,
        startedAt,
        lastConnectAt,
        sessions,
        connectedAt,
        reconnects: connections - unique,
      });
    };
    const timer = setTimeout(finish, timeoutMs);
    fleet.agents.forEach((agent, i) => {
      agent.on('connected', (sessionId: string) => {
        const now = Date.now();
        const id = ids[i]!;
        connections++;
        const first = !(id in sessions);
        sessions[id] = sessionId;
        if (!first) return;
        lastConnectAt = now;
        unique++;
        connectedAt[id] = now;
        if (unique === cfg.devices) finish();
        else startNext();
      });
    });
    let started = 0;
    const startNext = (): void => {
      if (started < fleet.agents.length) fleet.agents[started++]!.start();
    };
    for (let k = 0; k < cfg.concurrency; k++) startNext();
  });
}

serve(
  {
    ...profilerHandlers,
    run: (timeoutMs: number) => (cfg.mode === 'bare' ? runBare(timeoutMs) : runAgents(timeoutMs)),
    stop: async () => {
      await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
      await fleet?.stop();
    },
  },
  { devices: cfg.devices },
);
