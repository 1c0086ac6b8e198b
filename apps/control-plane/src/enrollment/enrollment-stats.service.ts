import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config.service.js';
import { FailureWindow } from './failure-window.util.js';

/**
 * Counts enrollments and refused attempts by reason. An address whose attempts keep failing is
 * refused outright for the rest of the minute: tokens cannot be guessed, but the database and
 * the broker should not pay for someone trying.
 */
@Injectable()
export class EnrollmentStatsService {
  private readonly logger = new Logger('Enrollment');
  private enrolled = 0;
  private readonly failures = new Map<string, number>();
  private readonly window = new FailureWindow();

  constructor(private readonly config: AppConfig) {}

  throttled(address: string): boolean {
    return this.window.count(address, Date.now()) >= this.config.get('ENROLL_MAX_FAILURES_PER_MIN');
  }

  recordSuccess(): void {
    this.enrolled += 1;
  }

  /** `againstAddress`: the caller's fault (bad token, bad input), which counts towards throttling. */
  recordFailure(reason: string, address: string, againstAddress: boolean): void {
    this.failures.set(reason, (this.failures.get(reason) ?? 0) + 1);
    if (!againstAddress) return;
    const n = this.window.record(address, Date.now());
    if (n === this.config.get('ENROLL_MAX_FAILURES_PER_MIN')) {
      this.logger.warn({ address }, `enrollment attempts from ${address} refused for a minute after ${n} failures`);
    }
  }

  snapshot(): { enrolled: number; failures: Record<string, number> } {
    return { enrolled: this.enrolled, failures: Object.fromEntries(this.failures) };
  }
}
