import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { AppConfig } from '../config/app-config.service.js';
import { DRIZZLE, PG_POOL } from './database.tokens.js';
import { runMigrations } from './migrate.js';
import { QueryCounter } from './query-counter.js';
import * as schema from './schema.js';

@Global()
@Module({
  providers: [
    QueryCounter,
    {
      provide: PG_POOL,
      inject: [AppConfig, QueryCounter],
      useFactory: async (config: AppConfig, counter: QueryCounter): Promise<pg.Pool> => {
        if (config.get('DB_AUTO_MIGRATE')) await runMigrations(config.get('DATABASE_URL'));
        const pool = new pg.Pool({
          connectionString: config.get('DATABASE_URL'),
          max: config.get('DATABASE_POOL_SIZE'),
        });
        // An idle client losing its connection must not crash the process; the pool replaces it.
        pool.on('error', () => undefined);
        counter.instrument(pool);
        return pool;
      },
    },
    { provide: DRIZZLE, inject: [PG_POOL], useFactory: (pool: pg.Pool) => drizzle(pool, { schema }) },
  ],
  exports: [PG_POOL, DRIZZLE, QueryCounter],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
