export type CommandErrorCode = 'timeout' | 'aborted' | 'spawn_failed';

/** A command that did not run to its own end: timed out, aborted by the caller, or never started. */
export class CommandError extends Error {
  constructor(
    readonly code: CommandErrorCode,
    /** The command line, e.g. `nvpmodel -m 2`. */
    readonly command: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${command}: ${detail}`, options);
    this.name = 'CommandError';
  }

  static timeout(command: string, timeoutMs: number): CommandError {
    return new CommandError('timeout', command, `timed out after ${timeoutMs} ms`);
  }

  static aborted(command: string, reason: unknown): CommandError {
    const why = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'aborted';
    return new CommandError('aborted', command, `aborted (${why})`, { cause: reason });
  }
}

export const commandLine = (command: string, args: readonly string[]): string => [command, ...args].join(' ');
