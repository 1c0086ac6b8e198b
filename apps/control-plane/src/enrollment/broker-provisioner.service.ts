import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import mqtt, { type MqttClient } from 'mqtt';
import { AppConfig } from '../config/app-config.service.js';
import { deviceClientId, deviceUsername } from './device-acl.util.js';
import {
  DYNSEC_RESPONSE_TOPIC,
  DYNSEC_TOPIC,
  firstDynsecFailure,
  parseDynsecResponses,
  provisionCommands,
  revokeCommands,
  type DynsecCommand,
  type DynsecResponse,
} from './dynsec.util.js';
import { EnrollmentErrorCode, EnrollmentException } from './enrollment.exception.js';
import type { DeviceBrokerCredentials } from './enrollment.types.js';

const ANSWER_TIMEOUT_MS = 5000;

interface Pending {
  resolve: (responses: DynsecResponse[]) => void;
  timer: NodeJS.Timeout;
}

/**
 * Creates and removes device clients on the broker through Mosquitto's dynamic-security plugin,
 * over an admin MQTT connection of its own (the plugin answers on one response topic, which every
 * replica hears; answers are matched by correlation data). Inactive unless MQTT_DYNSEC_ENABLED.
 */
@Injectable()
export class BrokerProvisioner implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(BrokerProvisioner.name);
  private client: MqttClient | null = null;
  private listening = false;
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.get('MQTT_DYNSEC_ENABLED');
  }

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    const username = this.config.get('MQTT_DYNSEC_USERNAME');
    const password = this.config.get('MQTT_DYNSEC_PASSWORD');
    if (!username || !password) {
      throw new Error('MQTT_DYNSEC_ENABLED=true needs MQTT_DYNSEC_USERNAME and MQTT_DYNSEC_PASSWORD');
    }
    const client = mqtt.connect(this.config.get('MQTT_URL'), {
      protocolVersion: 5,
      clientId: `jetfleet-dynsec-${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
      clean: true,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      username,
      password,
    });
    this.client = client;
    client.on('message', (topic, payload) => {
      if (topic === DYNSEC_RESPONSE_TOPIC) this.settle(payload);
    });
    client.on('close', () => {
      this.listening = false;
    });
    client.on('error', (err) => this.logger.warn(`dynamic-security connection: ${err.message}`));
    const listen = async (): Promise<void> => {
      await client.subscribeAsync(DYNSEC_RESPONSE_TOPIC, { qos: 1 });
      this.listening = true;
    };
    // A clean session forgets the subscription, so every reconnect makes it again.
    client.on(
      'connect',
      () => void listen().catch((err: Error) => this.logger.error(`dynsec subscribe: ${err.message}`)),
    );
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => {
        client.end(true);
        reject(new Error(`dynamic-security admin connection as "${username}" failed: ${err.message}`));
      };
      client.once('connect', () => {
        client.off('error', onError);
        listen().then(resolve, onError);
      });
      client.once('error', onError);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    await this.client?.endAsync();
  }

  /** A broker client for the device with a fresh random password, allowed only its own topics. */
  async provisionDevice(deviceId: string): Promise<DeviceBrokerCredentials> {
    const password = randomBytes(24).toString('base64url');
    await this.run(provisionCommands(deviceId, password));
    return { username: deviceUsername(deviceId), password, clientId: deviceClientId(deviceId) };
  }

  /** Disconnects the device if connected and deletes its client and role; idempotent. */
  async revokeDevice(deviceId: string): Promise<void> {
    await this.run(revokeCommands(deviceId));
  }

  private async run(commands: DynsecCommand[]): Promise<DynsecResponse[]> {
    const client = this.client;
    if (!this.enabled || !client) {
      throw new EnrollmentException(
        EnrollmentErrorCode.ProvisioningDisabled,
        'broker provisioning is off (MQTT_DYNSEC_ENABLED=false)',
      );
    }
    if (!client.connected || !this.listening) {
      throw new EnrollmentException(EnrollmentErrorCode.BrokerUnavailable, 'the broker is not reachable; try again');
    }
    const id = randomUUID();
    const answer = new Promise<DynsecResponse[] | null>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(null);
      }, ANSWER_TIMEOUT_MS);
      this.pending.set(id, { resolve, timer });
    });
    const body = { commands: commands.map((c, i) => ({ ...c, correlationData: `${id}:${i}` })) };
    try {
      await client.publishAsync(DYNSEC_TOPIC, JSON.stringify(body), { qos: 1 });
    } catch (err) {
      this.forget(id);
      throw new EnrollmentException(
        EnrollmentErrorCode.BrokerRefused,
        `the broker refused the dynamic-security command: ${(err as Error).message}`,
      );
    }
    const responses = await answer;
    if (!responses) {
      throw new EnrollmentException(
        EnrollmentErrorCode.BrokerUnavailable,
        `no answer from the broker's dynamic-security plugin within ${ANSWER_TIMEOUT_MS} ms`,
      );
    }
    const failure = firstDynsecFailure(responses);
    if (failure) {
      this.logger.error({ responses }, `dynamic-security ${failure.command} failed: ${failure.error}`);
      throw new EnrollmentException(
        EnrollmentErrorCode.BrokerRefused,
        `the broker refused ${failure.command}: ${failure.error ?? 'unknown error'}`,
      );
    }
    return responses;
  }

  private settle(payload: Buffer): void {
    const responses = parseDynsecResponses(payload);
    const id = responses?.[0]?.correlationData?.split(':')[0];
    if (!responses || !id) return;
    const p = this.pending.get(id);
    if (!p) return; // another replica's request
    this.forget(id);
    p.resolve(responses);
  }

  private forget(id: string): void {
    const p = this.pending.get(id);
    if (p) clearTimeout(p.timer);
    this.pending.delete(id);
  }
}
