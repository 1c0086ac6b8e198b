import { Injectable, Logger } from '@nestjs/common';
import type { RejectReason } from '@jetfleet/protocol';

const LOG_WINDOW_MS = 60_000;
const LOGS_PER_WINDOW = 20;

/**
 * Counts every device message accepted or rejected, by channel and by reason. Rejections are
 * logged with their reason, rate-limited so a misbehaving device cannot flood the logs.
 */
@Injectable()
export class IngestStatsService {
  private readonly logger = new Logger('Ingest');
  private readonly accepted = new Map<string, number>();
  private readonly rejected = new Map<RejectReason, number>();
  private windowStart = 0;
  private loggedInWindow = 0;
  private suppressed = 0;

  countAccepted(channel: string): void {
    this.accepted.set(channel, (this.accepted.get(channel) ?? 0) + 1);
  }

  countRejected(reason: RejectReason, detail: string, topic: string): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
    const now = Date.now();
    if (now - this.windowStart > LOG_WINDOW_MS) {
      if (this.suppressed) this.logger.warn(`${this.suppressed} further rejected messages not logged`);
      this.windowStart = now;
      this.loggedInWindow = 0;
      this.suppressed = 0;
    }
    if (this.loggedInWindow++ < LOGS_PER_WINDOW) {
      this.logger.warn({ reason, topic: topic.slice(0, 200), detail }, `rejected device message: ${reason}`);
    } else {
      this.suppressed++;
    }
  }

  snapshot(): { accepted: Record<string, number>; rejected: Record<string, number> } {
    return { accepted: Object.fromEntries(this.accepted), rejected: Object.fromEntries(this.rejected) };
  }
}
