import type { HardwareFacts, TelemetrySample } from '@jetfleet/protocol';

/**
 * Everything the agent needs from the board. `jetson` spawns the real tools; `simulated`
 * models a Jetson and prints the same tool output, so the parsing code is shared.
 */
export interface HardwareAdapter {
  readonly kind: 'jetson' | 'simulated';
  facts(signal?: AbortSignal): Promise<HardwareFacts>;
  sample(signal?: AbortSignal): Promise<TelemetrySample>;
  close(): Promise<void>;
}
