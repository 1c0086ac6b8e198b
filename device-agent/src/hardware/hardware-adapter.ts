import type { BuildRecipe, JetsonClocksShow } from '@jetfleet/jetson';
import type { HardwareFacts, TelemetrySample } from '@jetfleet/protocol';
import type { JetsonClocksAction } from './executors/jetson-clocks.executor.js';
import type { NvpmodelMode, NvpmodelSetOutcome } from './executors/nvpmodel.executor.js';
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
  /** `nvpmodel -q`, cached for a while (`maxAgeMs: 0` reads it now); null when it cannot be read. */
  powerMode(options?: { readonly signal?: AbortSignal; readonly maxAgeMs?: number }): Promise<NvpmodelMode | null>;
  /** nvpmodel mode by catalog name or id; never leaves a reboot prompt hanging. */
  setPowerMode(mode: string | number, signal?: AbortSignal): Promise<NvpmodelSetOutcome>;
  buildEngine(recipe: BuildRecipe, options?: TrtexecRunOptions): Promise<EngineRunResult>;
  benchmarkEngine(enginePath: string, options?: TrtexecRunOptions): Promise<EngineRunResult>;
  setJetsonClocks(action: Exclude<JetsonClocksAction, 'show'>, signal?: AbortSignal): Promise<void>;
  showJetsonClocks(signal?: AbortSignal): Promise<JetsonClocksShow>;
  /** The engine whose latency/FPS telemetry reports; null when none runs. */
  activateEngine(enginePath: string | null): void;
  recordAp50(ap50: number | null): void;
  /** Golden-set AP50 of an engine on this board; null when the board cannot evaluate it. */
  evaluateAp50(enginePath: string): Promise<number | null>;
  /** Bytes of an engine file, for uploading it to the control plane. */
  readEngineFile(enginePath: string): Promise<Buffer>;
  /** Stores an engine built elsewhere (already sha256-verified) at `enginePath`. */
  installEngineFile(enginePath: string, bytes: Buffer): Promise<void>;
  hasEngineFile(enginePath: string): Promise<boolean>;
  /** Removes an engine file; a missing one is not an error. */
  removeEngineFile(enginePath: string): Promise<void>;
  /** Engine files (`*.engine`) directly inside `dir`, as full paths. */
  listEngineFiles(dir: string): Promise<string[]>;
  /** Simulation-only model hints for an ONNX file; the real board ignores them. */
  noteModelHints(onnxPath: string, hints: Readonly<Record<string, number>> | undefined): void;
}
