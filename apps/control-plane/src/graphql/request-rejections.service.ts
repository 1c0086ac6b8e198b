import { Injectable, Logger } from '@nestjs/common';

const LOG_WINDOW_MS = 60_000;
const LOGS_PER_WINDOW = 20;

/**
 * Counts GraphQL requests the server refused without running them (malformed HTTP request, syntax
 * error, unknown field, bad variables, depth or complexity over the limit, batching), by error code.
 * Logged rate-limited, like device-message rejections, so a hostile client cannot flood the logs.
 */
@Injectable()
export class RequestRejectionsService {
  private readonly logger = new Logger('GraphQL');
  private readonly rejected = new Map<string, number>();
  private windowStart = 0;
  private loggedInWindow = 0;

  count(reason: string, message: string): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
    const now = Date.now();
    if (now - this.windowStart > LOG_WINDOW_MS) {
      this.windowStart = now;
      this.loggedInWindow = 0;
    }
    if (this.loggedInWindow++ < LOGS_PER_WINDOW) {
      this.logger.warn({ reason, detail: message.slice(0, 200) }, `rejected GraphQL request: ${reason}`);
    }
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.rejected);
  }
}
