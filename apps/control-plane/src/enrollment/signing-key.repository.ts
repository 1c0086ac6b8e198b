import { Inject, Injectable } from '@nestjs/common';
import { desc, isNull } from 'drizzle-orm';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { signingKeys } from '../database/schema.js';

export interface SigningPublicKey {
  kid: string;
  publicKeyPem: string;
}

/**
 * Reads the key devices pin at enrollment. The signing service owns the keys; this only reads
 * the newest unretired public half, and nothing at all before that service has made one.
 */
@Injectable()
export class SigningKeyRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  async newestPublicKey(): Promise<SigningPublicKey | null> {
    const rows = await this.db
      .select({ kid: signingKeys.kid, publicKeyPem: signingKeys.publicKeyPem })
      .from(signingKeys)
      .where(isNull(signingKeys.retiredAt))
      .orderBy(desc(signingKeys.createdAt))
      .limit(1);
    return rows[0] ?? null;
  }
}
