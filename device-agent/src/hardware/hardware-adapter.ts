import type { BuildRecipe, JetsonClocksShow } from '@jetfleet/jetson';
import type { HardwareFacts, TelemetrySample } from '@jetfleet/protocol';
import type { JetsonClocksAction } from './executors/jetson-clocks.executor.js';
import type { NvpmodelSetOutcome } from './executors/nvpmodel.executor.js';
import type { TrtexecRunOptions } from './executors/trtexec.executor.js';
import type { EngineRunResult } from './jetson/engine-run.types.js';

/**
 * Everything the agent needs from the board. `jetson` spawns the real tools; `simulated` is the same adapter fed
 * by a simulated runner and simulated board files, so identification, executors and parsers are shared.
 */
export interface HardwareAdapter {
  readonly kind: 'jetson' | 'simulated';
  facts(signal?: AbortSignal): Promise<HardwareFacts>;
  sample(signal?: AbortSignal): Promise<TelemetrySample>;
  close(): Promise<void>;
  /** nvpmodel mode by catalog name or id; never leaves a reboot prompt hanging. */
  setPowerMode(mode: string | number, signal?: AbortSignal): Promise<NvpmodelSetOutcome>;
  buildEngine(recipe: BuildRecipe, options?: TrtexecRunOptions): Promise<EngineRunResult>;
  benchmarkEngine(enginePath: string, options?: TrtexecRunOptions): Promise<EngineRunResult>;
  setJetsonClocks(action: Exclude<JetsonClocksAction, 'show'>, signal?: AbortSignal): Promise<void>;
  showJetsonClocks(signal?: AbortSignal): Promise<JetsonClocksShow>;
  /** The engine whose latency/FPS telemetry reports; null when none runs. */
  activateEngine(enginePath: string | null): void;
  recordAp50(ap50: number | null): void;
  /** Bytes of an engine file, for uploading it to the control plane. */
  readEngineFile(enginePath: string): Promise<Buffer>;
  /** Stores an engine built elsewhere (already sha256-verified) at `enginePath`. */
  installEngineFile(enginePath: string, bytes: Buffer): Promise<void>;
  /** Simulation-only model hints for an ONNX file; the real board ignores them. */
  noteModelHints(onnxPath: string, hints: Readonly<Record<string, number>> | undefined): void;
}
