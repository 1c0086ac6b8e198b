import http from 'node:http';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics, type OnlineStatus, type TelemetrySample } from '@jetfleet/protocol';
import { verifyWebhookSignature } from '../../apps/control-plane/src/notifications/webhook-signature.util.js';
import { freePort, spawnNode, stopProcess, type Spawned } from '../support/processes.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TEST_MQTT_URL, uniqueName } from '../support/test-env.js';
import { waitUntil } from '../support/wait-until.js';
import { makeBirth } from '../support/device-factory.js';
import { spawnControlPlane } from '../support/control-plane-process.js';
import { gqlOk, graphqlClient } from '../support/graphql-client.js';

const HEARTBEAT_SEC = 1;
const PREFIX = uniqueName('alerts').replace(/_/g, '-');
const AGENT = `${PREFIX}-agent`;
const HOT = `${PREFIX}-hot`;
const DARK = `${PREFIX}-dark`;

interface Received {
  event: string;
  verified: boolean;
  body: { event: string; alert: { kind: string; deviceId: string; status: string } };
}

const birth = (sessionId: string, module: string, powerMode: string): OnlineStatus =>
  makeBirth(sessionId, { module, dlaCores: 0, cpuCores: 6, ramTotalMB: 7620, powerMode });

describe('device health alerts end to end (control plane process, agents, webhook receiver)', () => {
  let db: TestDatabase;
  let cp: Spawned;
  let base: string;
  let agent: Spawned | undefined;
  let device: MqttClient;
  let receiver: http.Server;
  let secret = '';
  const received: Received[] = [];
  let flakyCalls = 0;
  let pump: NodeJS.Timeout | undefined;

  const gql = (query: string, variables: Record<string, unknown> = {}) => gqlOk(graphqlClient(base), query, variables);
  const openAlerts = async (deviceId: string): Promise<Map<string, string>> => {
    const d = await gql('query($id: ID!) { device(id: $id) { openAlerts { kind status } } }', { id: deviceId });
    return new Map((d.device?.openAlerts ?? []).map((a: { kind: string; status: string }) => [a.kind, a.status]));
  };

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        if (req.url === '/flaky' && ++flakyCalls <= 2) {
          res.writeHead(500).end('not yet');
          return;
        }
        if (req.url === '/hook') {
          const check = verifyWebhookSignature({
            secret,
            body: raw,
            timestamp: req.headers['x-jetfleet-timestamp'] as string | undefined,
            signature: req.headers['x-jetfleet-signature'] as string | undefined,
          });
          received.push({ event: String(req.headers['x-jetfleet-event']), verified: check.ok, body: JSON.parse(raw) });
        }
        res.writeHead(200).end('ok');
      });
    });
    const hookPort = await freePort();
    await new Promise<void>((r) => receiver.listen(hookPort, '127.0.0.1', () => r()));

    db = await createTestDatabase();
    ({ proc: cp, base } = await spawnControlPlane(db, {
      LIVENESS_SWEEP_MS: '200',
      LAST_SEEN_FLUSH_MS: '100',
      TELEMETRY_FLUSH_MS: '50',
      ALERT_EVAL_MS: '300',
      WEBHOOK_BACKOFF_MS: '100',
    }));

    const created = await gql(
      'mutation($url: String!) { createWebhookEndpoint(input: { url: $url, severities: ["info", "warning", "critical"] }) { secret } }',
      { url: `http://127.0.0.1:${hookPort}/hook` },
    );
    secret = created.createWebhookEndpoint.secret;
    await gql(
      'mutation($url: String!) { createWebhookEndpoint(input: { url: $url, severities: ["critical"] }) { secret } }',
      {
        url: `http://127.0.0.1:${hookPort}/flaky`,
      },
    );
    const rule = async (kind: string, params: Record<string, number>) =>
      gql('mutation($input: SetAlertRuleInput!) { setAlertRule(input: $input) { id } }', {
        input: { kind, scopeKind: 'FLEET', params: Object.entries(params).map(([name, value]) => ({ name, value })) },
      });
    await rule('temperature_high', { thresholdC: 80, durationSec: 1 });
    await rule('power_over_budget', { factor: 1, durationSec: 1 });
    await rule('latency_slo', { sloMs: 50, durationSec: 1 });
    await rule('accuracy_low', { maxDrop: 0.05, baselineSamples: 2 });
    await rule('disk_low', { minFreePct: 10 });
    await rule('power_unavailable', { durationSec: 1 });

    device = await mqtt.connectAsync(TEST_MQTT_URL, { protocolVersion: 5 });
    await device.publishAsync(topics.status(HOT), JSON.stringify(birth('s-hot', 'orin-nano-8gb', '7W')), { qos: 1 });
    await device.publishAsync(topics.status(DARK), JSON.stringify(birth('s-dark', 'orin-nx-16gb', '15W')), { qos: 1 });
  });

  afterAll(async () => {
    if (pump) clearInterval(pump);
    await device?.endAsync();
    await stopProcess(agent);
    await stopProcess(cp);
    await db?.drop();
    await new Promise((r) => receiver?.close(r));
  });

  /** Streams telemetry from the two MQTT-driven devices every 200 ms with the given values. */
  function stream(hot: Partial<TelemetrySample>, darkPowerMw: number | null): void {
    if (pump) clearInterval(pump);
    let seq = 0;
    const send = (): void => {
      const ts = new Date().toISOString();
      const hotSample = { ts, powerMw: 5000, temps: { cpu: 50 }, latencyP95Ms: 20, diskFreeMB: 30_000, ...hot };
      void device.publishAsync(
        topics.telemetry(HOT),
        JSON.stringify({ seq: seq++, sessionId: 's-hot', samples: [hotSample] }),
      );
      void device.publishAsync(
        topics.telemetry(DARK),
        JSON.stringify({ seq, sessionId: 's-dark', samples: [{ ts, powerMw: darkPowerMw, temps: { cpu: 45 } }] }),
      );
    };
    send();
    pump = setInterval(send, 200);
  }

  it('shows an offline alert within 2 heartbeat intervals of an agent SIGKILL, and resolves it when the agent returns', async () => {
    const env = {
      JETFLEET_DEVICE_ID: AGENT,
      MQTT_URL: TEST_MQTT_URL,
      HEARTBEAT_SEC: String(HEARTBEAT_SEC),
      SIM_MODULE: 'orin-nx-16gb',
    };
    agent = spawnNode('device-agent/bin/jetfleet-agent.js', ['run'], env);
    await waitUntil(
      async () => (await gql('query($id: ID!) { device(id: $id) { online } }', { id: AGENT })).device?.online,
      20_000,
    );
    const killedAt = Date.now();
    agent.child.kill('SIGKILL');
    await waitUntil(
      async () => (await openAlerts(AGENT)).get('device_offline') === 'FIRING',
      2 * HEARTBEAT_SEC * 1000,
      50,
    );
    expect(Date.now() - killedAt).toBeLessThan(2 * HEARTBEAT_SEC * 1000);

    agent = spawnNode('device-agent/bin/jetfleet-agent.js', ['run'], env);
    await waitUntil(async () => !(await openAlerts(AGENT)).has('device_offline'), 20_000);
  });

  it('raises each telemetry rule kind from what devices report, then resolves them when readings recover', async () => {
    // Baseline AP50 first (two reports at 0.70), then everything goes wrong at once.
    stream({ ap50: 0.7 }, 12_000);
    await new Promise((r) => setTimeout(r, 1200));
    stream({ temps: { cpu: 91.5 }, powerMw: 9000, latencyP95Ms: 80, ap50: 0.6, diskFreeMB: 1000 }, null);
    const kinds = ['temperature_high', 'power_over_budget', 'latency_slo', 'accuracy_low', 'disk_low'];
    const firing = await waitUntil(async () => {
      const hot = await openAlerts(HOT);
      const dark = await openAlerts(DARK);
      return kinds.every((k) => hot.has(k)) && dark.has('power_unavailable') ? { hot, dark } : null;
    }, 15_000);
    expect([...firing.hot.keys()].sort()).toEqual([...kinds].sort());

    stream({ ap50: 0.7 }, 12_000);
    await waitUntil(async () => (await openAlerts(HOT)).size === 0 && (await openAlerts(DARK)).size === 0, 15_000);
    const history = await gql(
      'query($id: ID) { alerts(first: 50, filter: { deviceId: $id }) { edges { node { kind status events { type } } } } }',
      { id: HOT },
    );
    const nodes = history.alerts.edges.map(
      (e: { node: { kind: string; status: string; events: { type: string }[] } }) => e.node,
    );
    expect(nodes.map((n: { kind: string }) => n.kind).sort()).toEqual([...kinds].sort());
    for (const n of nodes) {
      expect(n.status).toBe('RESOLVED');
      expect(n.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['raised', 'resolved']));
    }
  });

  it('delivered every raise and resolve as a signed webhook, and retried the failing endpoint', async () => {
    const byKey = await waitUntil(() => {
      const m = new Set(received.map((r) => `${r.body.alert.kind}/${r.event}`));
      return m.has('accuracy_low/alert.resolved') && m.has('device_offline/alert.resolved') ? m : null;
    }, 15_000);
    for (const k of [
      'temperature_high',
      'power_over_budget',
      'latency_slo',
      'accuracy_low',
      'disk_low',
      'power_unavailable',
      'device_offline',
    ]) {
      expect(byKey.has(`${k}/alert.raised`)).toBe(true);
    }
    expect(received.every((r) => r.verified)).toBe(true);

    const deliveries = await waitUntil(async () => {
      const eps = (await gql('{ webhookEndpoints { id url } }')).webhookEndpoints as { id: string; url: string }[];
      const flaky = eps.find((e) => e.url.endsWith('/flaky'));
      const log = await gql('query($id: ID!) { webhookDeliveries(endpointId: $id, first: 20) { status attempts } }', {
        id: flaky?.id,
      });
      const rows = log.webhookDeliveries as { status: string; attempts: number }[];
      return rows.some((r) => r.status === 'succeeded' && r.attempts >= 2) ? rows : null;
    }, 15_000);
    expect(deliveries.length).toBeGreaterThan(0);
  });
});
