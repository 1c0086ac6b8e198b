export type HardwareErrorCode =
  | 'unidentified_module'
  | 'unknown_tensorrt'
  | 'nvpmodel_query_failed'
  | 'unknown_power_mode'
  | 'jetson_clocks_failed'
  | 'telemetry_unavailable'
  | 'closed';

/** An expected failure of the board or its tools, with a stable code; command failures are `CommandError`s. */
export class HardwareError extends Error {
  constructor(
    readonly code: HardwareErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HardwareError';
  }
}
