import { spawn, type ChildProcess } from 'node:child_process';
import { CommandError, commandLine } from './command-error.js';
import type {
  CommandExit,
  CommandResult,
  CommandRunner,
  OutputStream,
  RunOptions,
  StreamOptions,
} from './command-runner.js';
import { LineSplitter } from './line-splitter.util.js';

export interface ProcessCommandRunnerOptions {
  /** SIGKILL follows SIGTERM after this long when the process ignores it (default 2000 ms). */
  readonly killGraceMs?: number;
  /** `run()` keeps at most this many characters per stream, the tail (default 8 Mi). */
  readonly maxOutputChars?: number;
  readonly env?: NodeJS.ProcessEnv;
}

interface OutputSink {
  data(stream: OutputStream, chunk: string): void;
  end(): void;
}

/**
 * Spawns real processes with stdin = /dev/null. Each command gets its own process group, so a timeout or abort
 * also ends whatever a script (jetson_clocks) started; the promise settles only once the process is gone.
 */
export class ProcessCommandRunner implements CommandRunner {
  private readonly killGraceMs: number;
  private readonly maxOutputChars: number;

  constructor(private readonly options: ProcessCommandRunnerOptions = {}) {
    this.killGraceMs = options.killGraceMs ?? 2000;
    this.maxOutputChars = options.maxOutputChars ?? 8 * 1024 * 1024;
  }

  async run(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const output = { stdout: new TailBuffer(this.maxOutputChars), stderr: new TailBuffer(this.maxOutputChars) };
    const exit = await this.execute(command, args, options, {
      data: (stream, chunk) => output[stream].append(chunk),
      end: () => undefined,
    });
    return { ...exit, stdout: output.stdout.text(), stderr: output.stderr.text() };
  }

  stream(command: string, args: readonly string[], options: StreamOptions): Promise<CommandExit> {
    const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
    return this.execute(command, args, options, {
      data: (stream, chunk) => {
        for (const line of splitters[stream].push(chunk)) options.onLine(line, stream);
      },
      end: () => {
        for (const stream of ['stdout', 'stderr'] as const) {
          for (const line of splitters[stream].flush()) options.onLine(line, stream);
        }
      },
    });
  }

  private execute(
    command: string,
    args: readonly string[],
    options: RunOptions,
    sink: OutputSink,
  ): Promise<CommandExit> {
    const line = commandLine(command, args);
    const { signal, timeoutMs } = options;
    if (signal?.aborted === true) return Promise.reject(CommandError.aborted(line, signal.reason));

    return new Promise<CommandExit>((resolve, reject) => {
      const started = performance.now();
      let child: ChildProcess;
      try {
        child = spawn(command, [...args], {
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
          ...(this.options.env === undefined ? {} : { env: this.options.env }),
        });
      } catch (error) {
        reject(new CommandError('spawn_failed', line, `cannot start (${errorText(error)})`, { cause: error }));
        return;
      }

      let failure: Error | null = null;
      let settled = false;
      const timers: NodeJS.Timeout[] = [];
      const stop = (error: Error): void => {
        if (failure !== null || settled) return;
        failure = error;
        signalGroup(child, 'SIGTERM');
        timers.push(setTimeout(() => signalGroup(child, 'SIGKILL'), this.killGraceMs));
      };
      const onAbort = (): void => stop(CommandError.aborted(line, signal?.reason));
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined)
        timers.push(setTimeout(() => stop(CommandError.timeout(line, timeoutMs)), timeoutMs));

      const settle = (complete: () => void): void => {
        if (settled) return;
        settled = true;
        for (const timer of timers) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        complete();
      };
      const feed =
        (stream: OutputStream) =>
        (chunk: string): void => {
          if (failure !== null) return;
          try {
            sink.data(stream, chunk);
          } catch (error) {
            stop(error instanceof Error ? error : new Error(String(error)));
          }
        };
      child.stdout?.setEncoding('utf8').on('data', feed('stdout'));
      child.stderr?.setEncoding('utf8').on('data', feed('stderr'));

      child.on('error', (error) => {
        // Only a spawn that failed has no pid; a failed kill() on a live child changes nothing.
        if (child.pid !== undefined) return;
        settle(() =>
          reject(new CommandError('spawn_failed', line, `cannot start (${errorText(error)})`, { cause: error })),
        );
      });
      child.on('close', (exitCode, exitSignal) => {
        settle(() => {
          if (failure !== null) {
            reject(failure);
            return;
          }
          try {
            sink.end();
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          resolve({ exitCode, signal: exitSignal, durationMs: performance.now() - started });
        });
      });
    });
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already, or the platform has no process groups: signal the child alone.
    child.kill(signal);
  }
}

const errorText = (error: unknown): string =>
  (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));

/** Keeps the last `max` characters: the end of a long log (verdict, summary) is what matters. */
class TailBuffer {
  private chunks: string[] = [];
  private length = 0;

  constructor(private readonly max: number) {}

  append(chunk: string): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    if (this.length > this.max * 2) this.compact();
  }

  text(): string {
    this.compact();
    return this.chunks.join('');
  }

  private compact(): void {
    const joined = this.chunks.join('');
    const kept = joined.length > this.max ? joined.slice(joined.length - this.max) : joined;
    this.chunks = [kept];
    this.length = kept.length;
  }
}
