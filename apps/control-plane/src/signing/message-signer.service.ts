import { Injectable } from '@nestjs/common';
import {
  desiredStateSchema,
  jobCommandSchema,
  signEnvelope,
  type DesiredState,
  type JobCommand,
} from '@jetfleet/protocol';
import type { z } from 'zod';
import { AppConfig } from '../config/app-config.service.js';
import { SigningKeyService } from './signing-key.service.js';
import { expiryAfter, jobTtlSec } from './signing-ttl.util.js';
import { SigningErrorCode, SigningException } from './signing.exception.js';

/**
 * Wraps documents for devices in signed envelopes (`@jetfleet/protocol` `signEnvelope`): the text
 * returned is what gets published. Documents are checked against their schema first, so the
 * control plane never signs something every device would refuse.
 */
@Injectable()
export class MessageSigner {
  constructor(
    private readonly keys: SigningKeyService,
    private readonly config: AppConfig,
  ) {}

  /** Signs any document for one device, valid for `ttlSec` from `now`. */
  sign(deviceId: string, doc: unknown, ttlSec: number, now = new Date()): string {
    const key = this.keys.current();
    return signEnvelope(key.privateKey, key.kid, deviceId, doc, expiryAfter(now, ttlSec));
  }

  /** A desired-state document, valid for DESIRED_TTL_SEC (it is retained, so it must outlive an offline spell). */
  signDesired(deviceId: string, doc: DesiredState, now = new Date()): string {
    this.check(desiredStateSchema, doc, 'desired state');
    return this.sign(deviceId, doc, this.config.get('DESIRED_TTL_SEC'), now);
  }

  /** A job command, valid for JOB_TTL_SEC or else its own deadline plus slack. */
  signJob(deviceId: string, job: JobCommand, now = new Date()): string {
    this.check(jobCommandSchema, job, 'job command');
    return this.sign(deviceId, job, jobTtlSec(job.deadlineSec, this.config.get('JOB_TTL_SEC')), now);
  }

  private check(schema: z.ZodType, doc: unknown, what: string): void {
    const r = schema.safeParse(doc);
    if (!r.success) {
      throw new SigningException(SigningErrorCode.InvalidDocument, `refusing to sign an invalid ${what}`, {
        issues: r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
      });
    }
  }
}
