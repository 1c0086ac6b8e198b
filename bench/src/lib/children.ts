import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIST, REPO_ROOT, WORK_DIR } from './paths.js';
import type { IpcMessage } from './ipc.js';

export interface ChildOptions {
  /** Short name, used for the log file (.data/bench/logs/<name>.log). */
  name: string;
  /** Script under bench/dist, e.g. `children/publisher.js`. */
  script: string;
  /** Passed as BENCH_CONFIG (JSON). */
  config?: unknown;
  env?: Record<string, string>;
  execArgv?: string[];
  readyTimeoutMs?: number;
}

const live = new Set<ChildHandle>();

/** A measured process started by the runner, with a request/response channel. */
export class ChildHandle {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly exited: Promise<number | string>;
  readyValue: unknown = null;

  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
    readonly logPath: string,
  ) {
    this.exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
    proc.on('message', (msg: IpcMessage) => {
      if (msg.kind !== 'reply') return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new Error(`${this.name}: ${msg.error ?? 'failed'}`));
    });
    void this.exited.then((code) => {
      live.delete(this);
      for (const p of this.pending.values()) p.reject(new Error(`${this.name} exited (${code}); see ${this.logPath}`));
      this.pending.clear();
    });
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  call<T>(method: string, arg: unknown = null, timeoutMs = 120_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}.${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.proc.send({ kind: 'request', id, method, arg } satisfies IpcMessage);
    });
  }

  /** Asks the child to stop (it exits normally, so CPU profiles are written); kills it if it does not. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    await this.call('stop', null, timeoutMs).catch(() => undefined);
    const gone = await Promise.race([this.exited.then(() => true), sleep(timeoutMs).then(() => false)]);
    if (!gone) {
      this.proc.kill('SIGKILL');
      await this.exited;
    }
  }

  logTail(chars = 4000): string {
    try {
      return readFileSync(this.logPath, 'utf8').slice(-chars);
    } catch {
      return '';
    }
  }
}

/** Starts `bench/dist/<script>` with an IPC channel and waits for it to say it is ready. */
export async function startChild(opts: ChildOptions): Promise<ChildHandle> {
  const logDir = path.join(WORK_DIR, 'logs');
  mkdirSync(logDir, { recursive: true });
  const logPath = path.join(logDir, `${opts.name}.log`);
  const fd = openSync(logPath, 'w');
  const proc = spawn(process.execPath, [...(opts.execArgv ?? []), path.join(BENCH_DIST, opts.script)], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ...opts.env,
      ...(opts.config === undefined ? {} : { BENCH_CONFIG: JSON.stringify(opts.config) }),
    },
    stdio: ['ignore', fd, fd, 'ipc'],
  });
  closeSync(fd);
  const child = new ChildHandle(opts.name, proc, logPath);
  live.add(child);
  const timeoutMs = opts.readyTimeoutMs ?? 60_000;
  const ready = await Promise.race([
    new Promise<{ ok: true; value: unknown }>((resolve) =>
      proc.on('message', (msg: IpcMessage) => {
        if (msg.kind === 'ready') resolve({ ok: true, value: msg.value });
      }),
    ),
    child.exited.then((code) => ({ ok: false as const, why: `exited (${code})` })),
    sleep(timeoutMs).then(() => ({ ok: false as const, why: `not ready within ${timeoutMs} ms` })),
  ]);
  if (!ready.ok) {
    proc.kill('SIGKILL');
    throw new Error(`${opts.name} ${ready.why}:\n${child.logTail()}`);
  }
  child.readyValue = ready.value;
  return child;
}

/** Kills every child still running (used on failure and on Ctrl-C). */
export async function killAllChildren(): Promise<void> {
  await Promise.all(
    [...live].map(async (c) => {
      c.proc.kill('SIGKILL');
      await c.exited;
    }),
  );
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
