import { setTimeout as delay } from 'node:timers/promises';
import { CommandError, commandLine } from './command-error.js';
import type { CommandExit, CommandResult, CommandRunner, RunOptions, StreamOptions } from './command-runner.js';

export interface ScriptedReply {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly exitCode?: number | null;
  readonly signal?: NodeJS.Signals | null;
  /** Wait this long before answering (ms). */
  readonly delayMs?: number;
  /** Never answer: only a timeout or an abort ends the call. */
  readonly hang?: boolean;
}

export type ScriptedHandler = (args: readonly string[], callIndex: number) => ScriptedReply;

export interface ScriptedCall {
  readonly command: string;
  readonly args: readonly string[];
  readonly options: RunOptions;
}

/**
 * Canned tool output for tests of executors and adapters: a handler per command name. Timeouts, aborts and
 * unknown commands fail the way `ProcessCommandRunner` fails.
 */
export class ScriptedCommandRunner implements CommandRunner {
  readonly calls: ScriptedCall[] = [];

  constructor(private readonly handlers: Readonly<Record<string, ScriptedHandler>>) {}

  async run(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const call = this.begin(command, args, options);
    try {
      await call.wait(call.reply.hang === true ? Infinity : (call.reply.delayMs ?? 0));
      return { ...call.output(), ...call.exit() };
    } finally {
      call.end();
    }
  }

  /** Emits the reply's lines after `delayMs`, then (with `hang`) keeps running like tegrastats. */
  async stream(command: string, args: readonly string[], options: StreamOptions): Promise<CommandExit> {
    const call = this.begin(command, args, options);
    try {
      await call.wait(call.reply.delayMs ?? 0);
      const output = call.output();
      for (const stream of ['stdout', 'stderr'] as const) {
        const lines = output[stream].split('\n');
        if (lines.at(-1) === '') lines.pop();
        for (const line of lines) options.onLine(line, stream);
      }
      if (call.reply.hang === true) await call.wait(Infinity);
      return call.exit();
    } finally {
      call.end();
    }
  }

  private begin(command: string, args: readonly string[], options: RunOptions) {
    const line = commandLine(command, args);
    const handler = this.handlers[command] ?? this.handlers[command.split('/').pop() ?? command];
    this.calls.push({ command, args: [...args], options });
    if (handler === undefined) throw new CommandError('spawn_failed', line, 'cannot start (ENOENT)');
    const reply = handler(args, this.calls.filter((call) => call.command === command).length - 1);
    const started = performance.now();
    const stop = new AbortController();
    const state: { failure: CommandError | null } = { failure: null };
    const fail = (error: CommandError): void => {
      state.failure ??= error;
      stop.abort(error);
    };
    const onAbort = (): void => fail(CommandError.aborted(line, options.signal?.reason));
    if (options.signal?.aborted === true) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timeoutMs = options.timeoutMs;
    const timer =
      timeoutMs === undefined ? undefined : setTimeout(() => fail(CommandError.timeout(line, timeoutMs)), timeoutMs);
    return {
      reply,
      wait: async (ms: number): Promise<void> => {
        if (state.failure !== null) throw state.failure;
        if (ms <= 0) return;
        await delay(Number.isFinite(ms) ? ms : 2 ** 31 - 1, undefined, { signal: stop.signal }).catch(() => {
          throw state.failure ?? new Error('stopped');
        });
      },
      output: () => ({ stdout: reply.stdout ?? '', stderr: reply.stderr ?? '' }),
      exit: (): CommandExit => ({
        exitCode: reply.exitCode === undefined ? 0 : reply.exitCode,
        signal: reply.signal ?? null,
        durationMs: performance.now() - started,
      }),
      end: (): void => {
        if (timer !== undefined) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      },
    };
  }
}
