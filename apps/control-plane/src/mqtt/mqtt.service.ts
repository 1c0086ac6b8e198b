import os from 'node:os';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import mqtt, { type IClientPublishOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import { AppConfig } from '../config/app-config.service.js';
import { topicMatches } from './topic-filter.util.js';

export type MqttHandler = (topic: string, payload: Buffer, packet: IPublishPacket) => void;

interface Subscription {
  id: number;
  filter: string;
  qos: 0 | 1;
  handler: MqttHandler;
}

/**
 * The control plane's one MQTT 5 connection. Subscriptions are remembered and re-made after a
 * reconnect because the session is clean (a control plane never resumes another's session).
 */
@Injectable()
export class MqttService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MqttService.name);
  private client: MqttClient | null = null;
  private readonly subscriptions: Subscription[] = [];
  private nextSubscriptionId = 1;

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const username = this.config.get('MQTT_USERNAME');
    const password = this.config.get('MQTT_PASSWORD');
    const client = mqtt.connect(this.config.get('MQTT_URL'), {
      protocolVersion: 5,
      clientId: `jetfleet-cp-${os.hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      clean: true,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
    });
    this.client = client;
    client.on('message', (topic, payload, packet) => this.dispatch(topic, payload, packet));
    client.on('connect', () => {
      if (this.subscriptions.length) void this.resubscribe();
    });
    client.on('error', (err) => this.logger.warn(`MQTT error: ${err.message}`));
    client.on('offline', () => this.logger.warn('MQTT broker unreachable; reconnecting'));
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => {
        client.end(true);
        reject(err);
      };
      client.once('connect', () => {
        client.off('error', onError);
        resolve();
      });
      client.once('error', onError);
    });
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  async subscribe(filter: string, handler: MqttHandler, qos: 0 | 1 = 1): Promise<void> {
    const sub = { id: this.nextSubscriptionId++, filter, qos, handler };
    this.subscriptions.push(sub);
    await this.requireClient().subscribeAsync(filter, { qos, properties: { subscriptionIdentifier: sub.id } });
  }

  async unsubscribe(filter: string): Promise<void> {
    const i = this.subscriptions.findIndex((s) => s.filter === filter);
    if (i >= 0) this.subscriptions.splice(i, 1);
    await this.requireClient().unsubscribeAsync(filter);
  }

  async publish(topic: string, payload: string | Buffer, opts: IClientPublishOptions = { qos: 1 }): Promise<void> {
    await this.requireClient().publishAsync(topic, payload, opts);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.endAsync();
  }

  private async resubscribe(): Promise<void> {
    for (const s of this.subscriptions) {
      await this.requireClient()
        .subscribeAsync(s.filter, { qos: s.qos, properties: { subscriptionIdentifier: s.id } })
        .catch((err: Error) => this.logger.error(`resubscribe ${s.filter} failed: ${err.message}`));
    }
  }

  /**
   * Routes by MQTT 5 subscription identifier, so overlapping filters (a shared subscription and
   * a plain one on the same topics) each get only the deliveries made for them.
   */
  private dispatch(topic: string, payload: Buffer, packet: IPublishPacket): void {
    const raw = packet.properties?.subscriptionIdentifier;
    const ids = raw === undefined ? null : Array.isArray(raw) ? raw : [raw];
    for (const s of this.subscriptions) {
      if (ids ? !ids.includes(s.id) : !topicMatches(s.filter, topic)) continue;
      try {
        s.handler(topic, payload, packet);
      } catch (err) {
        // A handler bug must never take the connection (and every other device) down with it.
        this.logger.error({ err, topic }, 'MQTT handler threw');
      }
    }
  }

  private requireClient(): MqttClient {
    if (!this.client) throw new Error('MQTT client used before connect');
    return this.client;
  }
}
