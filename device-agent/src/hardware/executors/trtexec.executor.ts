import { constants } from 'node:os';
import {
  buildTrtexecArgs,
  parseTrtexecLog,
  trtexecPhase,
  type BuildRecipe,
  type TrtexecErrorKind,
  type TrtexecPhase,
  type TrtexecResult,
  type TrtexecTarget,
} from '@jetfleet/jetson';
import type { CommandRunner } from '../command/command-runner.js';

/** Parser kinds (reference §5.4) plus `crashed` (ended by a signal other than the OOM killer's) and `save_failed`. */
export type TrtexecFailureKind = TrtexecErrorKind | 'crashed' | 'save_failed';

export interface TrtexecFailure {
  readonly kind: TrtexecFailureKind;
  readonly summary: string;
}

export interface TrtexecProgress {
  readonly phase: TrtexecPhase;
  readonly elapsedMs: number;
  /** The log line that moved the phase on; empty for `starting`. */
  readonly line: string;
}

export interface TrtexecRunOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Phase changes only; builds are silent for minutes after `building`. */
  readonly onProgress?: (progress: TrtexecProgress) => void;
}

export interface TrtexecRun {
  readonly args: readonly string[];
  /** stdout and stderr lines in arrival order (middle lines dropped past `maxLogLines`). */
  readonly log: string;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly durationMs: number;
  readonly result: TrtexecResult;
  readonly ok: boolean;
  readonly failure: TrtexecFailure | null;
  /** Host latency p95; TensorRT 8.0–8.4 print only p99, used instead (never lower). */
  readonly latencyP95Ms: number | null;
  readonly fps: number | null;
}

export interface TrtexecExecutorOptions {
  /** trtexec is not on PATH on a stock Jetson. */
  readonly command?: string;
  /** Default 3 h: INT8 builds with calibration take about half an hour on AGX Xavier. */
  readonly timeoutMs?: number;
  readonly maxLogLines?: number;
}

const SAVE_FAILED = /Saving engine to file failed/;

/** Builds and benchmarks engines with trtexec; arguments come from `buildTrtexecArgs` for the device's TensorRT. */
export class TrtexecExecutor {
  private readonly command: string;
  private readonly timeoutMs: number;
  private readonly maxLogLines: number;

  constructor(
    private readonly runner: CommandRunner,
    options: TrtexecExecutorOptions = {},
  ) {
    this.command = options.command ?? '/usr/src/tensorrt/bin/trtexec';
    this.timeoutMs = options.timeoutMs ?? 3 * 3600_000;
    this.maxLogLines = options.maxLogLines ?? 50_000;
  }

  /** Throws `TrtexecRecipeError` (every problem at once) before anything runs when the recipe cannot work. */
  build(recipe: BuildRecipe, target: TrtexecTarget, options: TrtexecRunOptions = {}): Promise<TrtexecRun> {
    return this.run(buildTrtexecArgs(recipe, target), options);
  }

  benchmark(enginePath: string, options: TrtexecRunOptions = {}): Promise<TrtexecRun> {
    return this.run([`--loadEngine=${enginePath}`], options);
  }

  async run(args: readonly string[], options: TrtexecRunOptions = {}): Promise<TrtexecRun> {
    const log = new BoundedLog(this.maxLogLines);
    const started = performance.now();
    let phase: TrtexecPhase = 'starting';
    options.onProgress?.({ phase, elapsedMs: 0, line: '' });
    const exit = await this.runner.stream(this.command, args, {
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onLine: (line) => {
        log.push(line);
        const next = trtexecPhase(line);
        if (next === 'starting' || next === phase) return;
        phase = next;
        options.onProgress?.({ phase, elapsedMs: performance.now() - started, line });
      },
    });
    // Spawned directly there is no shell to turn a signal into 128 + n; the parser expects that form (137 = killed).
    const exitCode = exit.exitCode ?? (exit.signal === null ? null : 128 + (constants.signals[exit.signal] ?? 0));
    const text = log.text();
    const result = parseTrtexecLog(text, { exitCode });
    const ok = result.passed && exit.exitCode === 0;
    return {
      args: [...args],
      log: text,
      exitCode: exit.exitCode,
      signal: exit.signal,
      durationMs: exit.durationMs,
      result,
      ok,
      failure: ok ? null : classify(result, exit.signal, exitCode, text),
      latencyP95Ms: result.latencyMs?.p95 ?? result.latencyMs?.p99 ?? null,
      fps: result.throughputQps,
    };
  }
}

function classify(
  result: TrtexecResult,
  signal: NodeJS.Signals | null,
  exitCode: number | null,
  text: string,
): TrtexecFailure {
  if (signal !== null && signal !== 'SIGKILL' && !result.completed) {
    return { kind: 'crashed', summary: `trtexec ended by ${signal} before finishing` };
  }
  if ((result.errorKind === 'other' || result.errorKind === null) && SAVE_FAILED.test(text)) {
    return { kind: 'save_failed', summary: 'engine built but saving it failed (disk full or directory missing?)' };
  }
  return {
    kind: result.errorKind ?? 'other',
    summary: result.errorSummary ?? `trtexec exited with ${exitCode ?? 'no status'} without a verdict`,
  };
}

/** Keeps the head (banner, option echo) and the tail (errors, summary, verdict) of very long logs. */
class BoundedLog {
  private readonly head: string[] = [];
  private tail: string[] = [];

  constructor(private readonly max: number) {}

  push(line: string): void {
    const headMax = Math.floor(this.max / 10);
    if (this.head.length < headMax) {
      this.head.push(line);
      return;
    }
    this.tail.push(line);
    if (this.tail.length > 2 * (this.max - headMax)) this.tail = this.tail.slice(-(this.max - headMax));
  }

  text(): string {
    const tail = this.tail.slice(-(this.max - Math.floor(this.max / 10)));
    const lines = [...this.head, ...tail];
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }
}
