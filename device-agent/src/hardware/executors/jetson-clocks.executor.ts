import { parseJetsonClocksShow, type JetsonClocksShow } from '@jetfleet/jetson';
import { commandLine } from '../command/command-error.js';
import type { CommandResult, CommandRunner } from '../command/command-runner.js';
import { HardwareError } from '../hardware-error.js';

export type JetsonClocksAction = 'on' | 'off' | 'store' | 'restore' | 'show';

export interface JetsonClocksExecutorOptions {
  readonly command?: string;
  readonly timeoutMs?: number;
  /** `--store`/`--restore` file; jetson_clocks defaults to `${HOME}/l4t_dfs.conf`. */
  readonly stateFile?: string;
}

export interface JetsonClocksCallOptions {
  readonly signal?: AbortSignal;
}

/**
 * `jetson_clocks` (reference §4). `on` pins clocks at the current mode's maxima after storing the unpinned
 * settings once, so `off` (`--restore`) can undo it; jetson_clocks itself has no "off".
 */
export class JetsonClocksExecutor {
  private readonly command: string;
  private readonly timeoutMs: number;
  private stored = false;

  constructor(
    private readonly runner: CommandRunner,
    private readonly options: JetsonClocksExecutorOptions = {},
  ) {
    this.command = options.command ?? 'jetson_clocks';
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async apply(action: Exclude<JetsonClocksAction, 'show'>, options: JetsonClocksCallOptions = {}): Promise<void> {
    switch (action) {
      case 'on':
        if (!this.stored) await this.apply('store', options);
        await this.exec([], options);
        return;
      case 'off':
      case 'restore':
        await this.exec(['--restore', ...this.fileArg()], options);
        return;
      case 'store':
        await this.exec(['--store', ...this.fileArg()], options);
        this.stored = true;
        return;
    }
  }

  async show(options: JetsonClocksCallOptions = {}): Promise<JetsonClocksShow> {
    return parseJetsonClocksShow((await this.exec(['--show'], options)).stdout);
  }

  private fileArg(): string[] {
    return this.options.stateFile === undefined ? [] : [this.options.stateFile];
  }

  private async exec(args: readonly string[], options: JetsonClocksCallOptions): Promise<CommandResult> {
    const result = await this.runner.run(this.command, args, {
      timeoutMs: this.timeoutMs,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    if (result.exitCode !== 0) {
      const detail = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-3).join(' | ');
      throw new HardwareError(
        'jetson_clocks_failed',
        `${commandLine(this.command, args)}: exit ${result.exitCode ?? result.signal ?? '?'}${detail === '' ? '' : `: ${detail}`}`,
      );
    }
    return result;
  }
}
