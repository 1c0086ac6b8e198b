import type pg from 'pg';

/**
 * Counts statements sent through the pool. Cheap enough to leave on; tests use it to prove that
 * a GraphQL page costs a fixed number of queries whatever its size.
 */
export class QueryCounter {
  count = 0;

  instrument(pool: pg.Pool): void {
    const original = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      this.count++;
      return original(...args);
    };
  }
}
