import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq, getTableColumns, inArray } from 'drizzle-orm';
import { DRIZZLE } from '../database/database.tokens.js';
import type { Db } from '../database/drizzle.types.js';
import { modelVersions, models } from '../database/schema.js';

export type ModelRow = typeof models.$inferSelect;
export type ModelVersionRow = typeof modelVersions.$inferSelect & { modelName: string };
export type NewModelVersion = Omit<typeof modelVersions.$inferInsert, 'id' | 'modelId' | 'createdAt'>;

const versionColumns = { ...getTableColumns(modelVersions), modelName: models.name };

/** All model-registry SQL lives here. */
@Injectable()
export class ModelRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Db) {}

  /** Creates the model if new and adds the version; null when the model already has that version. */
  async insertVersion(modelName: string, version: NewModelVersion): Promise<ModelVersionRow | null> {
    return this.db.transaction(async (tx) => {
      await tx.insert(models).values({ name: modelName }).onConflictDoNothing({ target: models.name });
      const [model] = await tx.select().from(models).where(eq(models.name, modelName));
      if (!model) throw new Error(`model ${modelName} vanished during insert`);
      const [row] = await tx
        .insert(modelVersions)
        .values({ ...version, modelId: model.id })
        .onConflictDoNothing({ target: [modelVersions.modelId, modelVersions.version] })
        .returning();
      return row ? { ...row, modelName: model.name } : null;
    });
  }

  listModels(): Promise<ModelRow[]> {
    return this.db.select().from(models).orderBy(asc(models.name));
  }

  async findModelByName(name: string): Promise<ModelRow | undefined> {
    return (await this.db.select().from(models).where(eq(models.name, name)).limit(1))[0];
  }

  /** Newest first. */
  versionsOfModels(modelIds: readonly string[]): Promise<ModelVersionRow[]> {
    if (modelIds.length === 0) return Promise.resolve([]);
    return this.db
      .select(versionColumns)
      .from(modelVersions)
      .innerJoin(models, eq(models.id, modelVersions.modelId))
      .where(inArray(modelVersions.modelId, [...modelIds]))
      .orderBy(desc(modelVersions.createdAt), desc(modelVersions.version));
  }

  async findVersion(id: string): Promise<ModelVersionRow | undefined> {
    const rows = await this.db
      .select(versionColumns)
      .from(modelVersions)
      .innerJoin(models, eq(models.id, modelVersions.modelId))
      .where(eq(modelVersions.id, id))
      .limit(1);
    return rows[0];
  }

  async findVersionByName(modelName: string, version: string): Promise<ModelVersionRow | undefined> {
    const rows = await this.db
      .select(versionColumns)
      .from(modelVersions)
      .innerJoin(models, eq(models.id, modelVersions.modelId))
      .where(and(eq(models.name, modelName), eq(modelVersions.version, version)))
      .limit(1);
    return rows[0];
  }
}
