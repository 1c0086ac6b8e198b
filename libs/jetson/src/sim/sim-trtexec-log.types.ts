import type { ModuleId } from '../catalog/index.js';

/** How a simulated trtexec run ends; the failure kinds are those of reference §5.4. */
export type SimTrtexecOutcome =
  | { readonly kind: 'passed' }
  | { readonly kind: 'unknown_option'; readonly options: readonly { readonly flag: string; readonly value: string }[] }
  | { readonly kind: 'unsupported_op'; readonly op: string }
  | { readonly kind: 'oom' }
  | { readonly kind: 'killed' }
  | { readonly kind: 'build_internal' }
  | { readonly kind: 'engine_incompatible'; readonly expectedVersion: string; readonly gotVersion: string };

/** Per-query timings of the measured window (after warm-up), ms. */
export interface SimTrtexecTiming {
  readonly gpuMs: readonly number[];
  readonly h2dMs: readonly number[];
  readonly d2hMs: readonly number[];
  readonly enqueueMs: readonly number[];
  readonly warmupQueries: number;
}

export interface TrtexecLogInput {
  readonly moduleId: ModuleId;
  /** e.g. `8.2.1`, `8.5.2`, `10.3.0`. */
  readonly trtVersion: string;
  /** trtexec arguments as passed (without the program). */
  readonly args: readonly string[];
  readonly startTime: Date;
  /** GPU clock shown in the device echo. */
  readonly gpuClockMHz: number;
  readonly outcome: SimTrtexecOutcome;
  /** `Engine built in <s> sec.` for `--onnx` runs. */
  readonly buildSeconds?: number;
  /** Measured queries; required for a passed run that does inference. */
  readonly timing?: SimTrtexecTiming;
  readonly engineSizeMiB?: number;
  /** Input tensor name and dims for the binding lines, e.g. `images`, `[1,3,640,640]`. */
  readonly input?: { readonly name: string; readonly dims: readonly number[] };
}
