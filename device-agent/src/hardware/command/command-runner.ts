/** Options shared by every command; stdin is always /dev/null, so a prompt (nvpmodel's reboot question) sees EOF. */
export interface RunOptions {
  readonly signal?: AbortSignal;
  /** Kill the command after this long; no limit when omitted. */
  readonly timeoutMs?: number;
}

export type OutputStream = 'stdout' | 'stderr';

export interface StreamOptions extends RunOptions {
  /** Called for every complete line (without its `\n` or `\r`), in arrival order across both streams. */
  readonly onLine: (line: string, stream: OutputStream) => void;
}

/** How the process ended: `exitCode` null means it was ended by `signal`. */
export interface CommandExit {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly durationMs: number;
}

export interface CommandResult extends CommandExit {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the Jetson tools. A non-zero exit is a result, not an error (nvpmodel and trtexec report failures that
 * way); only a timeout, an abort or a command that cannot start rejects, with a `CommandError`.
 */
export interface CommandRunner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<CommandResult>;
  /** For tools that run long or forever (tegrastats, trtexec): lines as they come, no buffering of the output. */
  stream(command: string, args: readonly string[], options: StreamOptions): Promise<CommandExit>;
}
