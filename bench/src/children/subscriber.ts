// The baseline for ingest: a bare mqtt.js subscriber with the same shared QoS 1 subscription the
// control plane makes, counting messages and their publish-to-receive latency, and doing nothing else.
import mqtt, { type MqttClient } from 'mqtt';
import { childConfig, serve } from '../lib/ipc.js';
import { NumberList, summarize } from '../lib/stats.js';

interface Config {
  url: string;
  filter: string;
}

const cfg = childConfig<Config>();
let client: MqttClient | null = null;
let received = 0;
let firstAt = 0;
let lastAt = 0;
const latencies = new NumberList();
const TS = '"ts":"';

serve({
  subscribe: async () => {
    client = await mqtt.connectAsync(cfg.url, {
      protocolVersion: 5,
      clientId: `bench-sub-${process.pid}`,
      clean: true,
      reconnectPeriod: 0,
    });
    client.on('message', (_topic, payload) => {
      const now = Date.now();
      if (received++ === 0) firstAt = now;
      lastAt = now;
      const text = payload.toString('latin1');
      const at = text.indexOf(TS);
      if (at >= 0) latencies.push(now - Date.parse(text.slice(at + TS.length, at + TS.length + 24)));
    });
    await client.subscribeAsync(cfg.filter, { qos: 1 });
  },
  reset: () => {
    received = 0;
    firstAt = 0;
    lastAt = 0;
    latencies.clear();
  },
  stats: () => ({ received, firstAt, lastAt }),
  latency: () => summarize(latencies.values()),
  stop: async () => {
    await client?.endAsync();
  },
});
