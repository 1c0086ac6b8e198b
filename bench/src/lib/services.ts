import { readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { REPO_ROOT, importRepo } from './paths.js';

interface ProjectServices {
  ensureLocalServices(opts: { tryStart: boolean }): Promise<string[]>;
  startProjectBroker(port: number): Promise<{ reused: boolean; stop: () => Promise<void> }>;
}

const services = (): Promise<ProjectServices> => importRepo<ProjectServices>('scripts/services.mjs');

export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** PostgreSQL and Redis as the tests find them (started if down); returns the problems, if any. */
export async function ensureServices(): Promise<string[]> {
  return (await services()).ensureLocalServices({ tryStart: true });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Broker {
  port: number;
  url: string;
  /** Mosquitto's process id, for CPU accounting. */
  pid: number | null;
  stop(): Promise<void>;
}

/** The project's Mosquitto configuration as a broker of its own on a free port (scripts/services.mjs). */
export async function startBroker(): Promise<Broker> {
  const port = await freePort();
  const started = await (await services()).startProjectBroker(port);
  if (started.reused) throw new Error(`port ${port} was taken between probing and starting the broker`);
  const confPath = path.join(REPO_ROOT, `.data/mosquitto-${port}.conf`);
  const broker: Broker = {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    pid: findPid((cmdline) => cmdline.includes('mosquitto') && cmdline.includes(`mosquitto-${port}.conf`)),
    async stop() {
      liveBrokers.delete(broker);
      await started.stop();
      rmSync(confPath, { force: true });
    },
  };
  liveBrokers.add(broker);
  return broker;
}

const liveBrokers = new Set<Broker>();

/** Stops every broker this run started and has not stopped yet (Ctrl-C, failures). */
export async function stopAllBrokers(): Promise<void> {
  await Promise.all([...liveBrokers].map((b) => b.stop().catch(() => undefined)));
}

function findPid(match: (cmdline: string) => boolean): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (match(readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '))) return Number(entry);
    } catch {
      /* gone */
    }
  }
  return null;
}

export function databaseUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

const created = new Set<string>();

/** The migrated template every benchmark database is cloned from; unique per run. */
export async function createTemplate(runId: string): Promise<BenchDatabase> {
  const name = `jf_bench_tpl_${runId}`;
  const { runMigrations } = await importRepo<typeof import('../../../apps/control-plane/src/database/migrate.js')>(
    'apps/control-plane/dist/database/migrate.js',
  );
  created.add(name);
  await runMigrations(databaseUrl(name));
  return handle(name);
}

/** A fresh database for one benchmark, cloned from the template, with today's and tomorrow's partitions. */
export async function createDatabase(template: string, label: string, runId: string): Promise<BenchDatabase> {
  const name = `jf_bench_${label.replace(/[^a-z0-9]/g, '_')}_${runId}`;
  created.add(name);
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const c = new pg.Client({ connectionString: databaseUrl(name) });
  await c.connect();
  try {
    // What the worker's maintenance job does at start: daily partitions around now (UTC days).
    const day = 86_400_000;
    const today = Math.floor(Date.now() / day) * day;
    for (let d = -1; d <= 1; d++) {
      const from = new Date(today + d * day);
      const to = new Date(today + (d + 1) * day);
      const part = `telemetry_samples_p${from.toISOString().slice(0, 10).replace(/-/g, '')}`;
      await c.query(
        `CREATE TABLE "${part}" PARTITION OF telemetry_samples FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`,
      );
    }
  } finally {
    await c.end();
  }
  return handle(name);
}

function handle(name: string): BenchDatabase {
  return {
    name,
    url: databaseUrl(name),
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      created.delete(name);
    },
  };
}

/** Drops every database this run created and has not dropped yet. */
export async function dropAllDatabases(): Promise<void> {
  // Clones before the template they came from.
  for (const name of [...created].sort((a, b) => Number(a.includes('_tpl_')) - Number(b.includes('_tpl_')))) {
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    created.delete(name);
  }
}

const usedPrefixes = new Set<string>();

/** Records a queue prefix so its keys are removed even if the run is interrupted. */
export function useRedisPrefix(prefix: string): void {
  usedPrefixes.add(prefix);
}

/** Removes the keys of every prefix recorded and not yet removed. */
export async function dropAllRedisPrefixes(): Promise<void> {
  for (const p of [...usedPrefixes]) await dropRedisPrefix(p).catch(() => undefined);
}

/** Removes the BullMQ and pub/sub keys a control plane left under its queue prefix. */
export async function dropRedisPrefix(prefix: string): Promise<number> {
  usedPrefixes.delete(prefix);
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let removed = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) removed += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return removed;
}
