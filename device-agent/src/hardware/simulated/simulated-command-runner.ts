import { basename } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { SimJetsonDevice, SimTrtexecModel } from '@jetfleet/jetson';
import { CommandError, commandLine } from '../command/command-error.js';
import type {
  CommandExit,
  CommandResult,
  CommandRunner,
  OutputStream,
  RunOptions,
  StreamOptions,
} from '../command/command-runner.js';
import { LineSplitter } from '../command/line-splitter.util.js';
import type { SimBoardState } from './sim-board-state.js';
import { simJetsonClocks } from './sim-jetson-clocks.tool.js';
import { simNvpmodel } from './sim-nvpmodel.tool.js';
import { simTegrastats } from './sim-tegrastats.tool.js';
import type { SimIo, SimTool, SimToolEnv } from './sim-tool.types.js';
import { simTrtexec } from './sim-trtexec.tool.js';

export interface SimulatedCommandRunnerOptions {
  /** Wall seconds per simulated second: 1 = real time, 0.001 = a 5-minute engine build in 0.3 s. */
  readonly timeFactor?: number;
  /** Default true. */
  readonly root?: boolean;
  /** What the simulator knows about the model behind an ONNX path (default: a YOLOv8n-class detector). */
  readonly modelFor?: (onnxPath: string) => SimTrtexecModel;
}

const TOOLS: Readonly<Record<string, SimTool>> = {
  tegrastats: simTegrastats,
  nvpmodel: simNvpmodel,
  trtexec: simTrtexec,
  jetson_clocks: simJetsonClocks,
};

/** Longest stretch of simulated time one catch-up replays (thermals settle well within it). */
const MAX_CATCH_UP_S = 3600;

interface OutputSink {
  data(stream: OutputStream, text: string): void;
  end(): void;
}

/**
 * Answers `tegrastats`, `nvpmodel`, `trtexec` and `jetson_clocks` from a `SimJetsonDevice`, with the text its
 * formatters print, and behaves like `ProcessCommandRunner` otherwise: same errors for a missing command, a
 * timeout or an abort. Simulated time follows the wall clock divided by the time factor.
 */
export class SimulatedCommandRunner implements CommandRunner {
  readonly timeFactor: number;
  private readonly env: SimToolEnv;
  private syncedAt = performance.now();

  constructor(
    readonly device: SimJetsonDevice,
    readonly board: SimBoardState,
    options: SimulatedCommandRunnerOptions = {},
  ) {
    this.timeFactor = options.timeFactor ?? 1;
    if (!(this.timeFactor > 0)) throw new RangeError(`timeFactor must be positive, got ${this.timeFactor}`);
    const modelFor = options.modelFor ?? ((): SimTrtexecModel => ({}));
    this.env = { device, board, root: options.root ?? true, modelFor };
  }

  /** Advances the device to the present. */
  sync(): void {
    const now = performance.now();
    const seconds = (now - this.syncedAt) / 1000 / this.timeFactor;
    this.syncedAt = now;
    if (seconds > 0) this.device.advance(Math.min(seconds, MAX_CATCH_UP_S));
  }

  async run(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const output = { stdout: '', stderr: '' };
    const exit = await this.execute(command, args, options, {
      data: (stream, text) => {
        output[stream] += text;
      },
      end: () => undefined,
    });
    return { ...exit, ...output };
  }

  stream(command: string, args: readonly string[], options: StreamOptions): Promise<CommandExit> {
    const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
    return this.execute(command, args, options, {
      data: (stream, text) => {
        for (const line of splitters[stream].push(text)) options.onLine(line, stream);
      },
      end: () => {
        for (const stream of ['stdout', 'stderr'] as const) {
          for (const line of splitters[stream].flush()) options.onLine(line, stream);
        }
      },
    });
  }

  private async execute(
    command: string,
    args: readonly string[],
    options: RunOptions,
    sink: OutputSink,
  ): Promise<CommandExit> {
    const line = commandLine(command, args);
    const { signal, timeoutMs } = options;
    if (signal?.aborted === true) throw CommandError.aborted(line, signal.reason);
    const tool = TOOLS[basename(command)];
    if (tool === undefined) {
      const enoent = Object.assign(new Error(`spawn ${command} ENOENT`), { code: 'ENOENT' });
      throw new CommandError('spawn_failed', line, 'cannot start (ENOENT)', { cause: enoent });
    }

    const started = performance.now();
    const stop = new AbortController();
    // An object, not a `let`: it is set from callbacks, which control-flow narrowing does not see.
    const state: { failure: CommandError | null } = { failure: null };
    const end = (error: CommandError): void => {
      state.failure ??= error;
      stop.abort(error);
    };
    const onAbort = (): void => end(CommandError.aborted(line, signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      timeoutMs === undefined ? undefined : setTimeout(() => end(CommandError.timeout(line, timeoutMs)), timeoutMs);
    const io: SimIo = {
      write: (stream, text) => {
        if (!stop.signal.aborted) sink.data(stream, text);
      },
      sleep: (simSeconds) =>
        delay(Math.max(0, simSeconds * this.timeFactor * 1000), undefined, { signal: stop.signal }),
      sync: () => this.sync(),
    };
    try {
      this.sync();
      const exit = await tool(args, this.env, io);
      if (state.failure !== null) throw state.failure;
      sink.end();
      return { exitCode: exit.exitCode, signal: exit.signal ?? null, durationMs: performance.now() - started };
    } catch (error) {
      if (state.failure !== null) throw state.failure;
      throw error instanceof Error ? error : new Error(String(error));
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
