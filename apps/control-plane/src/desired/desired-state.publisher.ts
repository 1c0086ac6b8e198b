import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { topics } from '@jetfleet/protocol';
import { AppConfig } from '../config/app-config.service.js';
import { MqttService } from '../mqtt/mqtt.service.js';
import { MessageSigner } from '../signing/message-signer.service.js';
import { DesiredStateRepository, type StoredDesired } from './desired-state.repository.js';

const REPUBLISH_BATCH = 2000;

/**
 * Publishes stored desired-state documents, signed and retained at QoS 1, and records what went out. Stored
 * first, published second: a crash in between leaves a document marked unpublished, which the
 * sweep here sends again (a device ignores a rev it has seen, so a repeat is harmless).
 */
@Injectable()
export class DesiredStatePublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DesiredStatePublisher.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    private readonly repo: DesiredStateRepository,
    private readonly mqtt: MqttService,
    private readonly signer: MessageSigner,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.get('DESIRED_REPUBLISH_MS');
    this.timer = setInterval(() => void this.sweep(), every);
    this.timer.unref();
    void this.sweep();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Publishes the documents and marks them sent; failures are left for the sweep. Returns how many went out. */
  async publish(docs: readonly StoredDesired[]): Promise<number> {
    const sent: { deviceId: string; rev: number }[] = [];
    await Promise.all(
      docs.map(async (d) => {
        try {
          // Signed at publish time, never stored signed: a republish always carries a fresh expiry.
          const envelope = this.signer.signDesired(d.deviceId, d.document);
          await this.mqtt.publish(topics.desired(d.deviceId), envelope, { qos: 1, retain: true });
          sent.push({ deviceId: d.deviceId, rev: d.rev });
        } catch (err) {
          this.logger.warn(`desired rev ${d.rev} for ${d.deviceId} not published yet: ${(err as Error).message}`);
        }
      }),
    );
    await this.repo.markPublished(sent);
    return sent.length;
  }

  /** Sends whatever is stored but unconfirmed. */
  async sweep(): Promise<number> {
    if (this.sweeping || !this.mqtt.connected) return 0;
    this.sweeping = true;
    try {
      let total = 0;
      for (;;) {
        const batch = await this.repo.unpublished(REPUBLISH_BATCH, this.config.get('DESIRED_REPUBLISH_MS'));
        if (batch.length === 0) break;
        const sent = await this.publish(batch);
        total += sent;
        if (sent < batch.length) break;
      }
      // Re-sign at half the signature's life, so a device offline for up to half of it still gets a valid one.
      const cutoff = new Date(Date.now() - (this.config.get('DESIRED_TTL_SEC') * 1000) / 2);
      for (;;) {
        const stale = await this.repo.signedBefore(cutoff, REPUBLISH_BATCH);
        if (stale.length === 0) break;
        const sent = await this.publish(stale);
        total += sent;
        if (sent < stale.length) break;
      }
      if (total) this.logger.log(`republished ${total} desired-state document(s)`);
      return total;
    } catch (err) {
      this.logger.warn(`desired-state sweep failed: ${(err as Error).message}`);
      return 0;
    } finally {
      this.sweeping = false;
    }
  }
}
