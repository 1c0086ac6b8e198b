import pg from 'pg';
import { sleep } from './children.js';

export interface WaitResult {
  value: number;
  complete: boolean;
  /** Date.now() when the value last grew. */
  lastProgressAt: number;
}

/**
 * Polls a counter until it reaches `target`, stops growing for `idleMs`, or `timeoutMs` passes.
 * Bounded in time whatever the counter does.
 */
export async function waitForCount(
  read: () => Promise<number>,
  target: number,
  o: { idleMs: number; timeoutMs: number; intervalMs?: number },
): Promise<WaitResult> {
  const end = Date.now() + o.timeoutMs;
  let value = await read();
  let lastProgressAt = Date.now();
  while (value < target) {
    if (Date.now() > end || Date.now() - lastProgressAt > o.idleMs) return { value, complete: false, lastProgressAt };
    await sleep(o.intervalMs ?? 50);
    const next = await read();
    if (next > value) lastProgressAt = Date.now();
    value = next;
  }
  return { value, complete: true, lastProgressAt };
}

/** One short-lived connection for the runner's own checks (row counts), outside the measured pools. */
export async function queryOnce<R extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** A kept-open connection for polling during a phase. */
export async function openClient(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}
