import { setTimeout as delay } from 'node:timers/promises';
import { parseTegrastatsLine, type ModuleId, type TegrastatsSample } from '@jetfleet/jetson';
import type { CommandRunner } from '../command/command-runner.js';
import { HardwareError } from '../hardware-error.js';

export interface TegrastatsReading {
  readonly sample: TegrastatsSample;
  /** The line as printed. */
  readonly line: string;
  /** Wall-clock ms (Date.now()) when the line arrived. */
  readonly receivedAt: number;
}

export interface TegrastatsSamplerOptions {
  /** Picks the board-power rule (reference §2.5). */
  readonly module: ModuleId;
  readonly intervalMs?: number;
  readonly command?: string;
  /** First restart delay after tegrastats exits; doubles up to 30 s while it keeps failing. */
  readonly restartDelayMs?: number;
}

export interface TegrastatsWaitOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

const MAX_RESTART_DELAY_MS = 30_000;

/**
 * Keeps `tegrastats --interval N` running and the latest parsed line at hand. tegrastats never exits by itself,
 * so an exit is a failure: it is restarted with a growing delay until `stop()`.
 */
export class TegrastatsSampler {
  readonly intervalMs: number;
  private readonly command: string;
  private readonly restartDelayMs: number;
  private reading: TegrastatsReading | null = null;
  private readonly waiters = new Set<(reading: TegrastatsReading) => void>();
  private controller: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private lastFailure: string | null = null;

  constructor(
    private readonly runner: CommandRunner,
    private readonly options: TegrastatsSamplerOptions,
  ) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.command = options.command ?? 'tegrastats';
    this.restartDelayMs = options.restartDelayMs ?? 1000;
  }

  get running(): boolean {
    return this.loop !== null;
  }

  /** Why tegrastats last stopped, if it did. */
  get lastError(): string | null {
    return this.lastFailure;
  }

  start(): void {
    if (this.loop !== null) return;
    this.controller = new AbortController();
    this.loop = this.keepRunning(this.controller.signal);
  }

  latest(): TegrastatsReading | null {
    return this.reading;
  }

  /** The next line to arrive. */
  next(options: TegrastatsWaitOptions = {}): Promise<TegrastatsReading> {
    const { signal, timeoutMs } = options;
    if (signal?.aborted === true) return Promise.reject(toError(signal.reason));
    return new Promise<TegrastatsReading>((resolve, reject) => {
      const done = (): void => {
        this.waiters.delete(onReading);
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const onReading = (reading: TegrastatsReading): void => {
        done();
        resolve(reading);
      };
      const onAbort = (): void => {
        done();
        reject(toError(signal?.reason));
      };
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              done();
              const why = this.lastFailure === null ? '' : ` (last failure: ${this.lastFailure})`;
              reject(new HardwareError('telemetry_unavailable', `no tegrastats line within ${timeoutMs} ms${why}`));
            }, timeoutMs);
      this.waiters.add(onReading);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  async stop(): Promise<void> {
    this.controller?.abort(new Error('sampler stopped'));
    await this.loop;
    this.loop = null;
    this.controller = null;
  }

  private async keepRunning(signal: AbortSignal): Promise<void> {
    let delayMs = this.restartDelayMs;
    while (!signal.aborted) {
      let lines = 0;
      try {
        const exit = await this.runner.stream(this.command, ['--interval', String(this.intervalMs)], {
          signal,
          onLine: (line, stream) => {
            if (stream === 'stdout' && this.accept(line)) lines += 1;
          },
        });
        this.lastFailure = `tegrastats exited with ${exit.exitCode ?? exit.signal ?? 'no status'}`;
      } catch (error) {
        if (signal.aborted) return;
        this.lastFailure = toError(error).message;
      }
      if (lines > 0) delayMs = this.restartDelayMs;
      await delay(delayMs, undefined, { signal }).catch(() => undefined);
      delayMs = Math.min(MAX_RESTART_DELAY_MS, delayMs * 2);
    }
  }

  private accept(line: string): boolean {
    if (line.trim() === '') return false;
    const sample = parseTegrastatsLine(line, { module: this.options.module });
    // A usage or error message is not a sample; every tegrastats line has RAM and CPU.
    if (sample.ramUsedMB === null || sample.cpu.length === 0) return false;
    const reading: TegrastatsReading = { sample, line, receivedAt: Date.now() };
    this.reading = reading;
    for (const waiter of [...this.waiters]) waiter(reading);
    return true;
  }
}

const toError = (reason: unknown): Error =>
  reason instanceof Error ? reason : new Error(typeof reason === 'string' ? reason : 'aborted');
