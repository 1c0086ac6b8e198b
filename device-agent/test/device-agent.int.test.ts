import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlineStatusSchema, statusMessageSchema, telemetryMessageSchema, topics } from '@jetfleet/protocol';
import { DeviceAgent } from '../src/device-agent.js';
import { FleetSimulator } from '../src/fleet/fleet-simulator.js';
import { SimulatedAdapter } from '../src/hardware/simulated/simulated.adapter.js';
import { profileForIndex } from '../src/hardware/simulated/simulated-device.profile.js';
import { TestBroker } from '../../test/support/test-broker.js';
import { waitUntil } from '../../test/support/wait-until.js';

describe('DeviceAgent against a real broker', () => {
  let broker: TestBroker;
  let observer: MqttClient;
  const statuses: unknown[] = [];
  const telemetry: unknown[] = [];
  const deviceId = `agent-it-${process.pid}`;

  beforeAll(async () => {
    broker = await TestBroker.start();
    observer = await mqtt.connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 200 });
    observer.on('message', (topic, payload) => {
      const body: unknown = JSON.parse(payload.toString());
      if (topic === topics.status(deviceId)) statuses.push(body);
      if (topic === topics.telemetry(deviceId)) telemetry.push(body);
    });
    await observer.subscribeAsync([topics.status(deviceId), topics.telemetry(deviceId)], { qos: 1 });
  });

  afterAll(async () => {
    observer?.end(true);
    await broker?.stop();
  });

  it('publishes a retained birth, heartbeats, reconnects with a new session after a broker restart, and says goodbye', async () => {
    const agent = new DeviceAgent(
      { deviceId, mqttUrl: broker.url, heartbeatSec: 0.2, backoff: { initialMs: 100, maxMs: 400, jitter: 0 } },
      new SimulatedAdapter(profileForIndex(2)),
    );
    agent.start();
    const birth = onlineStatusSchema.parse(await waitUntil(() => statuses.at(-1), 5000));
    expect(birth.hardware).toMatchObject({ module: 'agx-orin-64gb', simulated: true });
    await waitUntil(() => telemetry.length >= 3, 5000);
    const beat = telemetryMessageSchema.parse(telemetry.at(-1));
    expect(beat.sessionId).toBe(birth.sessionId);

    // The retained birth is what a control plane that starts later reads.
    const late = await mqtt.connectAsync(broker.url, { protocolVersion: 5 });
    const retained = new Promise<unknown>((resolve) =>
      late.on('message', (_t, p) => resolve(JSON.parse(p.toString()))),
    );
    await late.subscribeAsync(topics.status(deviceId));
    expect(await retained).toMatchObject({ state: 'online', sessionId: birth.sessionId });
    await late.endAsync();

    await broker.stop();
    await waitUntil(() => !agent.connected, 5000);
    await broker.restart();
    const reborn = await waitUntil(() => {
      const last = statuses.at(-1) as { state?: string; sessionId?: string } | undefined;
      return last?.state === 'online' && last.sessionId !== birth.sessionId ? last : null;
    }, 10_000);
    expect(reborn.sessionId).not.toBe(birth.sessionId);

    await agent.stop();
    const bye = statusMessageSchema.parse(
      await waitUntil(() => {
        const last = statuses.at(-1) as { state?: string } | undefined;
        return last?.state === 'offline' ? last : null;
      }, 5000),
    );
    expect(bye).toMatchObject({ state: 'offline', reason: 'shutdown', sessionId: reborn.sessionId });
  });
});

describe('FleetSimulator fault injection', () => {
  it('a disconnect fault drops the link: the broker publishes the Last Will, then the agent is reborn', async () => {
    const broker = await TestBroker.start();
    const observer = await mqtt.connectAsync(broker.url, { protocolVersion: 5 });
    const seen: { state: string; reason?: string; sessionId: string }[] = [];
    observer.on('message', (_t, p) => seen.push(JSON.parse(p.toString())));
    const fleet = new FleetSimulator({
      devices: 3,
      mqttUrl: broker.url,
      heartbeatSec: 1,
      idPrefix: `fault-${process.pid}`,
    });
    const victim = fleet.agents[1]!;
    await observer.subscribeAsync(topics.status(`fault-${process.pid}-001`), { qos: 1 });
    try {
      await fleet.start();
      const first = await waitUntil(() => seen.find((m) => m.state === 'online'), 5000);
      fleet.adapters[1]!.injectFault({ kind: 'disconnect' });
      const will = await waitUntil(() => seen.find((m) => m.state === 'offline'), 5000);
      expect(will).toMatchObject({ reason: 'lwt', sessionId: first.sessionId });
      const reborn = await waitUntil(
        () => seen.find((m) => m.state === 'online' && m.sessionId !== first.sessionId),
        10_000,
      );
      expect(reborn).toBeTruthy();
      expect(victim.connected).toBe(true);
      expect(fleet.connectedCount()).toBe(3);
    } finally {
      await fleet.stop();
      await observer.endAsync();
      await broker.stop();
    }
  });
});
