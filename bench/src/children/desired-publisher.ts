// The baseline of rollout-fanout: a bare mqtt.js loop publishing the very documents the rollout
// published (read back as the broker retained them: same topics, same signed bytes), retained at
// QoS 1, with a bounded number in flight. Nothing else: no database, no state machine.
import mqtt, { type MqttClient } from 'mqtt';
import { topics } from '@jetfleet/protocol';
import { childConfig, serve } from '../lib/ipc.js';

interface Config {
  url: string;
}

export interface BarePublishResult {
  published: number;
  failed: number;
  startedAt: number;
  finishedAt: number;
}

const cfg = childConfig<Config>();
let client: MqttClient | null = null;
const messages: { topic: string; payload: Buffer }[] = [];

/** Reads the retained desired documents (a plain subscription delivers them), then unsubscribes. */
async function collect(arg: { expected: number; timeoutMs: number }): Promise<{ collected: number; bytes: number }> {
  client = await mqtt.connectAsync(cfg.url, {
    protocolVersion: 5,
    clientId: `bench-desired-pub-${process.pid}`,
    clean: true,
    reconnectPeriod: 0,
  });
  const filter = topics.allDevices('desired');
  const seen = new Set<string>();
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, arg.timeoutMs);
    client!.on('message', (topic, payload, packet) => {
      if (!packet.retain || payload.length === 0 || seen.has(topic)) return;
      seen.add(topic);
      messages.push({ topic, payload });
      if (messages.length >= arg.expected) {
        clearTimeout(timer);
        resolve();
      }
    });
    void client!.subscribeAsync(filter, { qos: 1 });
  });
  await client.unsubscribeAsync(filter);
  client.removeAllListeners('message');
  return { collected: messages.length, bytes: messages.reduce((n, m) => n + m.payload.length, 0) };
}

function run(arg: { window: number; timeoutMs: number }): Promise<BarePublishResult> {
  const c = client;
  if (!c) throw new Error('collect first');
  const startedAt = Date.now();
  let next = 0;
  let inflight = 0;
  let published = 0;
  let failed = 0;
  return new Promise((resolve) => {
    const finish = (): void => resolve({ published, failed, startedAt, finishedAt: Date.now() });
    const pump = (): void => {
      while (inflight < arg.window && next < messages.length && Date.now() - startedAt < arg.timeoutMs) {
        const m = messages[next++]!;
        inflight++;
        c.publish(m.topic, m.payload, { qos: 1, retain: true }, (err) => {
          inflight--;
          if (err) failed++;
          else published++;
          if (published + failed === next && (next === messages.length || Date.now() - startedAt >= arg.timeoutMs))
            finish();
          else pump();
        });
      }
    };
    if (messages.length === 0) finish();
    else pump();
  });
}

serve({
  collect,
  run,
  stop: async () => {
    await client?.endAsync().catch(() => undefined);
  },
});
