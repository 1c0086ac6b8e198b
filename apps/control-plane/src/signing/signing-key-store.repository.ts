import { Inject, Injectable } from '@nestjs/common';
import { and, desc, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { SigningKeyPair } from '@jetfleet/protocol';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { signingKeys } from '../database/schema.js';

/** Serialises key set-up across replicas so that they all sign with the same key. */
const SIGNING_KEY_LOCK = 7_201_946_407;

/**
 * The `signing_keys` table. Enrollment hands devices the newest unretired public key, so the key
 * this deployment signs with must always be that row.
 */
@Injectable()
export class SigningKeyStore {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  /**
   * Records a key supplied by configuration (its public half only) and retires generated
   * development keys, which it supersedes.
   */
  async registerConfigured(kid: string, publicKeyPem: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${SIGNING_KEY_LOCK})`);
      await tx
        .insert(signingKeys)
        .values({ kid, publicKeyPem })
        .onConflictDoUpdate({ target: signingKeys.kid, set: { retiredAt: null } });
      await tx
        .update(signingKeys)
        .set({ retiredAt: sql`now()` })
        .where(and(ne(signingKeys.kid, kid), isNull(signingKeys.retiredAt), isNotNull(signingKeys.privateKeyPem)));
    });
  }

  /**
   * The newest unretired generated key, or a new one from `generate` when there is none. Under the
   * lock, replicas starting together make one key between them, not one each.
   */
  async findOrCreateGenerated(
    generate: () => SigningKeyPair | Promise<SigningKeyPair>,
  ): Promise<{ key: SigningKeyPair; created: boolean }> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${SIGNING_KEY_LOCK})`);
      const [row] = await tx
        .select()
        .from(signingKeys)
        .where(and(isNull(signingKeys.retiredAt), isNotNull(signingKeys.privateKeyPem)))
        .orderBy(desc(signingKeys.createdAt))
        .limit(1);
      if (row?.privateKeyPem) {
        return {
          key: { kid: row.kid, publicKeyPem: row.publicKeyPem, privateKeyPem: row.privateKeyPem },
          created: false,
        };
      }
      const key = await generate();
      await tx.insert(signingKeys).values(key);
      return { key, created: true };
    });
  }
}
