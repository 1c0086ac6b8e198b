import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { sleep } from './children.js';
import { freePort } from './services.js';

export interface PrivateRedis {
  url: string;
  pid: number;
  /** INFO stats' total_commands_processed: every command, those run inside BullMQ's Lua scripts included. */
  commandsProcessed(): Promise<number>;
  /** INFO commandstats as command → calls. */
  commandStats(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();

/**
 * A redis-server of the benchmark's own (no persistence, loopback only), so that its command
 * counters see only the benchmark's processes: the shared Redis also serves other people's tests.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const proc = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  live.add(proc);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  void exited.then(() => live.delete(proc));
  const url = `redis://127.0.0.1:${port}`;
  const admin = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  // Refused connections while the server starts are expected; the loop below reports a real failure.
  admin.on('error', () => undefined);
  for (let i = 0; ; i++) {
    try {
      await admin.connect();
      await admin.ping();
      break;
    } catch (err) {
      if (i > 50 || proc.exitCode !== null)
        throw new Error(`redis-server on port ${port} did not start: ${(err as Error).message}`, { cause: err });
      admin.disconnect();
      await sleep(100);
    }
  }
  const info = (section: string): Promise<string> => admin.info(section);
  return {
    url,
    pid: proc.pid ?? -1,
    async commandsProcessed() {
      return Number(/total_commands_processed:(\d+)/.exec(await info('stats'))?.[1] ?? NaN);
    },
    async commandStats() {
      const out: Record<string, number> = {};
      for (const m of (await info('commandstats')).matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) out[m[1]!] = Number(m[2]);
      return out;
    },
    async stop() {
      admin.disconnect();
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
    },
  };
}

/** Kills every private Redis still running (failures, Ctrl-C). */
export function killPrivateRedises(): void {
  for (const p of live) p.kill('SIGKILL');
}
