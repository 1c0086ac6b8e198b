import { parseNvpmodelQuery, parseNvpmodelSet, type NvpmodelSetKind } from '@jetfleet/jetson';
import type { CommandResult, CommandRunner } from '../command/command-runner.js';
import { HardwareError } from '../hardware-error.js';

export interface NvpmodelMode {
  readonly id: number;
  readonly name: string;
}

/**
 * `applied`: exit 0, no `NVPM ERROR`, and `-q` shows the mode. `reboot_required`: nvpmodel wants a reboot; with
 * stdin = /dev/null it answers its own prompt with EOF and leaves the mode as it was.
 */
export type NvpmodelSetOutcome =
  | { readonly status: 'applied'; readonly mode: NvpmodelMode }
  | { readonly status: 'reboot_required'; readonly requestedId: number; readonly current: NvpmodelMode | null }
  | {
      readonly status: 'failed';
      readonly kind: Exclude<NvpmodelSetKind, 'ok' | 'reboot_required'> | 'not_confirmed';
      readonly requestedId: number;
      readonly errors: readonly string[];
      readonly current: NvpmodelMode | null;
    };

export interface NvpmodelExecutorOptions {
  readonly command?: string;
  readonly timeoutMs?: number;
}

export interface NvpmodelCallOptions {
  readonly signal?: AbortSignal;
}

/** Reads and sets the nvpmodel power mode (reference §3.2–3.3). */
export class NvpmodelExecutor {
  private readonly command: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly runner: CommandRunner,
    options: NvpmodelExecutorOptions = {},
  ) {
    this.command = options.command ?? 'nvpmodel';
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async query(options: NvpmodelCallOptions & { readonly verbose?: boolean } = {}): Promise<NvpmodelMode> {
    const args = options.verbose === true ? ['-q', '--verbose'] : ['-q'];
    const result = await this.exec(args, options.signal);
    const parsed = parseNvpmodelQuery(combined(result));
    if (parsed.modeId === null || parsed.modeName === null) {
      throw new HardwareError(
        'nvpmodel_query_failed',
        `nvpmodel ${args.join(' ')}: no power mode in the output (${parsed.warnings.join('; ') || 'empty'})`,
      );
    }
    return { id: parsed.modeId, name: parsed.modeName };
  }

  async setMode(id: number, options: NvpmodelCallOptions = {}): Promise<NvpmodelSetOutcome> {
    if (!Number.isInteger(id) || id < 0)
      throw new RangeError(`nvpmodel mode id must be a non-negative integer, got ${id}`);
    const result = await this.exec(['-m', String(id)], options.signal);
    const set = parseNvpmodelSet(combined(result), result.exitCode);
    // Always read the mode back: the exit status is not documented and a reboot prompt changes nothing.
    const current = await this.query(options).catch((error: unknown) => {
      if (options.signal?.aborted === true) throw error;
      return null;
    });
    switch (set.kind) {
      case 'ok':
        if (current?.id === id) return { status: 'applied', mode: current };
        return { status: 'failed', kind: 'not_confirmed', requestedId: id, errors: set.errors, current };
      case 'reboot_required':
        return { status: 'reboot_required', requestedId: id, current };
      case 'bad_mode':
      case 'sysfs_write':
      case 'permission':
      case 'unknown_error':
        return { status: 'failed', kind: set.kind, requestedId: id, errors: set.errors, current };
    }
  }

  private exec(args: readonly string[], signal: AbortSignal | undefined): Promise<CommandResult> {
    return this.runner.run(this.command, args, {
      timeoutMs: this.timeoutMs,
      ...(signal === undefined ? {} : { signal }),
    });
  }
}

/** nvpmodel's stream for ERROR/WARN lines is not documented; the parsers read both. */
const combined = (result: CommandResult): string =>
  result.stderr === '' ? result.stdout : `${result.stdout}${result.stdout.endsWith('\n') ? '' : '\n'}${result.stderr}`;
