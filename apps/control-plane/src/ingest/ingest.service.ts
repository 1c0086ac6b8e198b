import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { decodeDeviceMessage, topics, type DeviceChannel, type DeviceMessage } from '@jetfleet/protocol';
import type { IPublishPacket } from 'mqtt';
import { BuildProgressService } from '../builds/build-progress.service.js';
import { AppConfig } from '../config/app-config.service.js';
import { DeviceRegistryService } from '../devices/device-registry.service.js';
import { MqttService } from '../mqtt/mqtt.service.js';
import { DeviceReportService } from '../rollouts/device-report.service.js';
import { TelemetryWriter } from '../telemetry/telemetry-writer.service.js';
import { IngestStatsService } from './ingest-stats.service.js';

const INBOUND: DeviceChannel[] = ['status', 'telemetry', 'reported', 'jobs'];
const RETAINED_RESYNC_MS = 3000;

/**
 * Entry point for everything devices publish. Subscribes through an MQTT 5 shared subscription
 * so that control-plane replicas split the load, validates every message, counts rejections,
 * and hands valid ones to their owners. Messages of one device are applied in arrival order.
 */
@Injectable()
export class IngestService implements OnApplicationBootstrap {
  private readonly logger = new Logger(IngestService.name);
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly mqtt: MqttService,
    private readonly registry: DeviceRegistryService,
    private readonly stats: IngestStatsService,
    private readonly telemetry: TelemetryWriter,
    private readonly config: AppConfig,
    private readonly builds: BuildProgressService,
    private readonly reports: DeviceReportService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const group = this.config.get('MQTT_SHARE_GROUP');
    for (const channel of INBOUND) {
      await this.mqtt.subscribe(topics.shared(group, topics.allDevices(channel)), (t, p) => this.receive(t, p));
    }
    await this.resyncRetainedStatus();
  }

  /**
   * Shared subscriptions never deliver retained messages, so a control plane that was down
   * while devices came and went, or finished converging, would not learn of it. A short plain
   * subscription reads the retained status and reported state of every device once; live
   * traffic keeps flowing through the shared one. Older reports than those stored are ignored.
   */
  private async resyncRetainedStatus(): Promise<void> {
    for (const channel of ['status', 'reported'] as const) {
      const filter = topics.allDevices(channel);
      await this.mqtt.subscribe(filter, (topic, payload, packet: IPublishPacket) => {
        if (packet.retain) this.receive(topic, payload, true);
      });
      setTimeout(() => {
        this.mqtt.unsubscribe(filter).catch((err: Error) => this.logger.warn(`resync unsubscribe: ${err.message}`));
      }, RETAINED_RESYNC_MS).unref();
    }
  }

  receive(topic: string, payload: Buffer, retained = false): void {
    const result = decodeDeviceMessage(topic, payload);
    if (!result.ok) {
      this.stats.countRejected(result.reason, result.detail, topic);
      return;
    }
    this.stats.countAccepted(result.value.channel);
    const { deviceId } = result.value;
    const prev = this.chains.get(deviceId) ?? Promise.resolve();
    const next = prev
      .then(() => this.apply(result.value, retained))
      .catch((err: unknown) => this.logger.error({ err, deviceId, topic }, 'applying device message failed'))
      .finally(() => {
        if (this.chains.get(deviceId) === next) this.chains.delete(deviceId);
      });
    this.chains.set(deviceId, next);
  }

  private async apply(msg: DeviceMessage, retained: boolean): Promise<void> {
    switch (msg.channel) {
      case 'status':
        await this.registry.applyStatus(msg.deviceId, msg.message, retained);
        return;
      case 'telemetry':
        this.registry.recordHeartbeat(msg.deviceId, msg.message.sessionId, msg.message.samples.at(-1));
        this.telemetry.enqueue(msg.deviceId, msg.message.samples);
        return;
      case 'jobs':
        await this.builds.handleJobProgress(msg.deviceId, msg.jobId, msg.message);
        return;
      case 'reported':
        await this.reports.handle(msg.deviceId, msg.message);
        return;
    }
  }
}
