import { Injectable } from '@nestjs/common';
import { describeIssues, tokenInputSchema } from './enrollment-input.util.js';
import { EnrollmentTokenRepository } from './enrollment-token.repository.js';
import { generateEnrollmentToken, hashEnrollmentToken } from './enrollment-token.util.js';
import { EnrollmentErrorCode, EnrollmentException } from './enrollment.exception.js';
import type { EnrollmentTokenRow } from './enrollment.types.js';
import { isUuid } from '../common/uuid.util.js';

export const MAX_TOKENS_LISTED = 500;

export interface CreatedToken {
  /** The secret, returned this once; only its hash is kept. */
  token: string;
  row: EnrollmentTokenRow;
}

@Injectable()
export class EnrollmentTokenService {
  constructor(private readonly tokens: EnrollmentTokenRepository) {}

  async create(input: unknown, createdBy: string | null): Promise<CreatedToken> {
    const parsed = tokenInputSchema.safeParse(input);
    if (!parsed.success) {
      throw new EnrollmentException(EnrollmentErrorCode.InvalidRequest, describeIssues(parsed.error));
    }
    const { name, maxUses, ttlSec, tags, deviceIdPrefix } = parsed.data;
    const token = generateEnrollmentToken();
    const row = await this.tokens.insert({
      name,
      secretHash: hashEnrollmentToken(token),
      scope: { ...(tags?.length ? { tags } : {}), ...(deviceIdPrefix ? { deviceIdPrefix } : {}) },
      maxUses,
      expiresAt: new Date(Date.now() + ttlSec * 1000),
      createdBy,
    });
    return { token, row };
  }

  list(first: number): Promise<EnrollmentTokenRow[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_TOKENS_LISTED) {
      throw new EnrollmentException(
        EnrollmentErrorCode.InvalidRequest,
        `first must be between 1 and ${MAX_TOKENS_LISTED}`,
      );
    }
    return this.tokens.list(first);
  }

  async revoke(id: string): Promise<EnrollmentTokenRow> {
    const row = isUuid(id) ? await this.tokens.revoke(id, new Date()) : undefined;
    if (!row)
      throw new EnrollmentException(EnrollmentErrorCode.TokenNotFound, `enrollment token "${id}" does not exist`);
    return row;
  }
}
