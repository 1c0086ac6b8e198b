import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { StatusMessage, TelemetrySample } from '@jetfleet/protocol';
import { AppConfig } from '../config/app-config.service.js';
import { EventBus } from '../pubsub/event-bus.service.js';
import { EventTopic } from '../pubsub/pubsub.tokens.js';
import { DeviceRepository, type SeenUpdate } from './device.repository.js';
import type { DeviceStatusEvent } from './dto/device-status-event.type.js';

/**
 * Applies what devices say about themselves. Births and wills are written at once (rare,
 * and they change liveness); heartbeats are coalesced per device and flushed as one UPDATE
 * on a short timer, which keeps a large fleet from costing one write per message.
 */
@Injectable()
export class DeviceRegistryService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(DeviceRegistryService.name);
  private pending = new Map<string, SeenUpdate>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: DeviceRepository,
    private readonly events: EventBus,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.config.get('LAST_SEEN_FLUSH_MS'));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  /**
   * `retained` marks a status replayed by the broker rather than just sent: it may be older than
   * what we know (a device that timed out keeps its retained birth), so it only counts when it
   * is from a session we have not seen.
   */
  async applyStatus(deviceId: string, status: StatusMessage, retained = false): Promise<void> {
    const now = new Date();
    if (retained && (await this.repo.findById(deviceId))?.sessionId === status.sessionId) return;
    if (status.state === 'online') {
      // A birth supersedes any heartbeat still buffered from the previous session.
      this.pending.delete(deviceId);
      const cameOnline = await this.repo.upsertBirth(deviceId, status, now);
      if (cameOnline) await this.emit({ deviceId, online: true, reason: null, at: now });
      return;
    }
    const wentOffline = await this.repo.markOffline(deviceId, status.sessionId, status.reason, now);
    if (wentOffline) {
      this.pending.delete(deviceId);
      await this.emit({ deviceId, online: false, reason: status.reason, at: now });
    }
  }

  recordHeartbeat(deviceId: string, sessionId: string, latest: TelemetrySample | undefined): void {
    const prev = this.pending.get(deviceId);
    this.pending.set(deviceId, {
      id: deviceId,
      sessionId,
      seenAt: new Date(),
      lastTelemetry: latest ?? prev?.lastTelemetry ?? null,
    });
  }

  /** Serialised so two flushes never interleave and reorder a device's updates. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = [...this.pending.values()];
      this.pending = new Map();
      try {
        const revived = await this.repo.recordSeen(batch);
        const at = new Date();
        for (const deviceId of revived) await this.emit({ deviceId, online: true, reason: 'heartbeat', at });
      } catch (err) {
        // Put the batch back (newer entries win) so a database hiccup loses no liveness.
        for (const u of batch) if (!this.pending.has(u.id)) this.pending.set(u.id, u);
        this.logger.error({ err }, `heartbeat flush of ${batch.length} devices failed; will retry`);
      }
    });
    return this.flushing;
  }

  private async emit(event: DeviceStatusEvent): Promise<void> {
    await this.events
      .publish(EventTopic.DeviceStatusChanged, event)
      .catch((err: Error) => this.logger.warn(`status event not published: ${err.message}`));
  }
}
