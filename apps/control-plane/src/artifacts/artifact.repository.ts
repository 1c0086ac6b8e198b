import { Inject, Injectable } from '@nestjs/common';
import { inArray } from 'drizzle-orm';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { artifacts } from '../database/schema.js';

export type ArtifactRow = typeof artifacts.$inferSelect;

/** All artifact SQL lives here. */
@Injectable()
export class ArtifactRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  /** Records a blob; an existing row (same digest) is left as it is and returned. */
  async insertOrGet(row: Omit<ArtifactRow, 'createdAt'>): Promise<{ row: ArtifactRow; created: boolean }> {
    const inserted = await this.db.insert(artifacts).values(row).onConflictDoNothing().returning();
    if (inserted[0]) return { row: inserted[0], created: true };
    const existing = await this.find(row.sha256);
    if (!existing) throw new Error(`artifact ${row.sha256} vanished during insert`);
    return { row: existing, created: false };
  }

  async find(sha256: string): Promise<ArtifactRow | undefined> {
    return (await this.findMany([sha256]))[0];
  }

  async findMany(sha256s: string[]): Promise<ArtifactRow[]> {
    if (sha256s.length === 0) return [];
    return this.db.select().from(artifacts).where(inArray(artifacts.sha256, sha256s));
  }
}
