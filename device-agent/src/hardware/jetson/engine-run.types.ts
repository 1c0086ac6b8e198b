import type { TrtexecFailureKind, TrtexecRun } from '../executors/trtexec.executor.js';

/** trtexec failure kinds, plus `disk_full` found by the adapter before or after the run. */
export type EngineFailureKind = TrtexecFailureKind | 'disk_full';

export interface EngineRunResult {
  readonly ok: boolean;
  readonly failure: { readonly kind: EngineFailureKind; readonly summary: string } | null;
  /** null when trtexec never ran (not enough disk for an engine). */
  readonly run: TrtexecRun | null;
}
