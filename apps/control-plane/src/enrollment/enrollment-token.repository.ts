import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { enrollmentTokens } from '../database/schema.js';
import type { TokenScope } from './enrollment-token.util.js';
import type { EnrollmentTokenRow, Executor } from './enrollment.types.js';

export interface NewEnrollmentToken {
  name: string;
  secretHash: string;
  scope: TokenScope;
  maxUses: number;
  expiresAt: Date;
  createdBy: string | null;
}

/** All enrollment-token SQL lives here. */
@Injectable()
export class EnrollmentTokenRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async insert(token: NewEnrollmentToken): Promise<EnrollmentTokenRow> {
    const [row] = await this.db
      .insert(enrollmentTokens)
      .values({ ...token, scope: token.scope as Record<string, unknown> })
      .returning();
    if (!row) throw new Error('enrollment token insert returned nothing');
    return row;
  }

  list(limit: number): Promise<EnrollmentTokenRow[]> {
    return this.db.select().from(enrollmentTokens).orderBy(desc(enrollmentTokens.createdAt)).limit(limit);
  }

  async findById(id: string): Promise<EnrollmentTokenRow | undefined> {
    return (await this.db.select().from(enrollmentTokens).where(eq(enrollmentTokens.id, id)).limit(1))[0];
  }

  async findByHash(secretHash: string, tx: Executor = this.db): Promise<EnrollmentTokenRow | undefined> {
    return (await tx.select().from(enrollmentTokens).where(eq(enrollmentTokens.secretHash, secretHash)).limit(1))[0];
  }

  /** Keeps the first revocation time when revoked twice. */
  async revoke(id: string, now: Date): Promise<EnrollmentTokenRow | undefined> {
    const rows = await this.db
      .update(enrollmentTokens)
      .set({ revokedAt: sql`COALESCE(${enrollmentTokens.revokedAt}, ${now})` })
      .where(eq(enrollmentTokens.id, id))
      .returning();
    return rows[0];
  }

  /**
   * Takes one use in a single statement, so concurrent enrollments can never exceed maxUses;
   * undefined when the token is unknown, expired, revoked or used up.
   */
  async consumeUse(secretHash: string, now: Date, tx: Executor): Promise<EnrollmentTokenRow | undefined> {
    const rows = await tx
      .update(enrollmentTokens)
      .set({ uses: sql`${enrollmentTokens.uses} + 1` })
      .where(
        and(
          eq(enrollmentTokens.secretHash, secretHash),
          lt(enrollmentTokens.uses, enrollmentTokens.maxUses),
          gt(enrollmentTokens.expiresAt, now),
          isNull(enrollmentTokens.revokedAt),
        ),
      )
      .returning();
    return rows[0];
  }
}
