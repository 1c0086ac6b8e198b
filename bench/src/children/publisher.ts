// MQTT load generator: one connection per simulated device, each publishing telemetry at QoS 1
// with a bounded number of messages in flight, optionally paced to a total rate. Every message's
// sample is stamped with its publish time (ms), which the subscribers use for latency. Bounded in
// count and in time.
import mqtt, { type MqttClient } from 'mqtt';
import { topics, type HardwareFacts, type TelemetrySample } from '@jetfleet/protocol';
import { childConfig, serve } from '../lib/ipc.js';
import { birthMessage, deviceId, telemetryBuilder } from '../lib/payloads.js';

interface Config {
  url: string;
  prefix: string;
  devices: number;
}

export interface PublishRun {
  perDevice: number;
  /** Messages in flight (sent, not yet acknowledged) per connection. */
  window: number;
  /** Total messages per second over all devices; null = as fast as acknowledgements allow. */
  ratePerSec: number | null;
  qos: 0 | 1;
  sample: TelemetrySample;
  timeoutMs: number;
}

export interface PublishResult {
  published: number;
  failed: number;
  startedAt: number;
  finishedAt: number;
  timedOut: boolean;
}

const cfg = childConfig<Config>();
const clients: MqttClient[] = [];
const seqs: number[] = [];

async function connect(): Promise<number> {
  await Promise.all(
    Array.from({ length: cfg.devices }, async (_, i) => {
      const c = await mqtt.connectAsync(cfg.url, {
        protocolVersion: 5,
        clientId: `bench-pub-${deviceId(cfg.prefix, i)}`,
        clean: true,
        reconnectPeriod: 0,
        connectTimeout: 30_000,
      });
      clients[i] = c;
      seqs[i] = 0;
    }),
  );
  return clients.length;
}

async function births(arg: { facts: HardwareFacts; heartbeatSec: number }): Promise<number> {
  await Promise.all(
    clients.map((c, i) =>
      c.publishAsync(topics.status(deviceId(cfg.prefix, i)), birthMessage(arg.facts, `bench-${i}`, arg.heartbeatSec), {
        qos: 1,
      }),
    ),
  );
  return clients.length;
}

function run(r: PublishRun): Promise<PublishResult> {
  const build = telemetryBuilder(r.sample);
  const startedAt = Date.now();
  const deadline = startedAt + r.timeoutMs;
  const total = r.perDevice * clients.length;
  const sent = new Array<number>(clients.length).fill(0);
  const inflight = new Array<number>(clients.length).fill(0);
  let published = 0;
  let failed = 0;
  let done = 0;
  let timedOut = false;
  return new Promise((resolve) => {
    let ticker: NodeJS.Timeout | null = null;
    const finish = (): void => {
      if (ticker) clearInterval(ticker);
      resolve({ published, failed, startedAt, finishedAt: Date.now(), timedOut });
    };
    // Paced: each device may have sent its share of ratePerSec × elapsed.
    const allowance = (): number =>
      r.ratePerSec === null
        ? r.perDevice
        : Math.min(r.perDevice, Math.floor((((Date.now() - startedAt) / 1000) * r.ratePerSec) / clients.length) + 1);
    const pump = (i: number): void => {
      const client = clients[i]!;
      const id = deviceId(cfg.prefix, i);
      const topic = topics.telemetry(id);
      const limit = allowance();
      while (sent[i]! < limit && inflight[i]! < r.window) {
        if (Date.now() > deadline) {
          timedOut = true;
          break;
        }
        sent[i]!++;
        inflight[i]!++;
        client.publish(topic, build(seqs[i]!++, `bench-${i}`, Date.now()), { qos: r.qos }, (err) => {
          inflight[i]!--;
          if (err) failed++;
          else published++;
          if (++done === total || (timedOut && done === sumOf(sent))) finish();
          else pump(i);
        });
      }
    };
    if (total === 0) {
      finish();
      return;
    }
    for (let i = 0; i < clients.length; i++) pump(i);
    // Paced runs are driven by this tick; unpaced ones only check the deadline here.
    ticker = setInterval(
      () => {
        if (Date.now() > deadline) timedOut = true;
        if (timedOut && done === sumOf(sent)) finish();
        else if (!timedOut) for (let i = 0; i < clients.length; i++) pump(i);
      },
      r.ratePerSec === null ? 100 : 5,
    );
  });
}

const sumOf = (a: number[]): number => a.reduce((x, y) => x + y, 0);

serve({
  connect,
  births,
  run: (arg: PublishRun) => run(arg),
  stop: async () => {
    await Promise.all(clients.map((c) => c.endAsync().catch(() => undefined)));
  },
});
