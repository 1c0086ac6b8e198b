/**
 * A tiny request/response protocol over Node's IPC channel between the benchmark runner and the
 * processes it measures. Children call `serve(handlers)`; the runner uses `ChildHandle.call`.
 */
export interface IpcRequest {
  kind: 'request';
  id: number;
  method: string;
  arg: unknown;
}

export interface IpcReply {
  kind: 'reply';
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

export interface IpcReady {
  kind: 'ready';
  value: unknown;
}

export type IpcMessage = IpcRequest | IpcReply | IpcReady;

export type Handler = (arg: never) => unknown;

/** In a child: answers requests with the named handler; `stop` ends the process after replying. */
export function serve(handlers: Record<string, Handler>, readyValue: unknown = null): void {
  if (!process.send) throw new Error('this script is a benchmark child process; run it through `npm run bench`');
  process.on('message', (raw: IpcMessage) => {
    if (raw.kind !== 'request') return;
    const handler = handlers[raw.method];
    void (async () => {
      let reply: IpcReply;
      try {
        if (!handler) throw new Error(`unknown method ${raw.method}`);
        reply = { kind: 'reply', id: raw.id, ok: true, value: await handler(raw.arg as never) };
      } catch (err) {
        reply = { kind: 'reply', id: raw.id, ok: false, error: err instanceof Error ? err.message : String(err) };
      }
      process.send?.(reply);
      if (raw.method === 'stop') {
        // Leave time for the reply to be written, then exit normally so --cpu-prof is flushed.
        setTimeout(() => process.exit(0), 50);
      }
    })();
  });
  // The runner going away must not leave load generators behind.
  process.on('disconnect', () => process.exit(0));
  process.send({ kind: 'ready', value: readyValue } satisfies IpcReady);
}

/** Reads a JSON configuration the runner put into BENCH_CONFIG. */
export function childConfig<T>(): T {
  const raw = process.env.BENCH_CONFIG;
  if (!raw) throw new Error('BENCH_CONFIG is not set; run this through `npm run bench`');
  return JSON.parse(raw) as T;
}
