import { reportedStateSchema, type ReportedPhase, type ReportedState, type Verification } from '@jetfleet/protocol';
import type { AgentState } from './agent-state.types.js';

export interface ReportProgress {
  readonly targetRev: number;
  readonly phase: ReportedPhase;
  readonly error: ReportedState['error'];
  readonly verification: Verification | null;
}

/**
 * The reported document for the current state; validated here so a bug shows up on the device, not as a
 * rejection counter on the control plane.
 */
export function buildReported(
  state: AgentState,
  progress: ReportProgress,
  powerMode: { readonly name: string; readonly id: number } | null,
  now: Date,
): ReportedState {
  return reportedStateSchema.parse({
    appliedRev: state.appliedRev,
    targetRev: progress.targetRev,
    phase: progress.phase,
    powerMode: powerMode?.name.slice(0, 64) ?? null,
    powerModeId: powerMode?.id ?? null,
    activeModelVersionId: state.active?.modelVersionId ?? null,
    activeEngineSha256: state.active?.engineSha256 ?? null,
    previousModelVersionId: state.previous?.modelVersionId ?? null,
    verification: progress.verification,
    error:
      progress.error === null || progress.error === undefined
        ? null
        : { ...progress.error, message: progress.error.message.slice(0, 2000) },
    ts: now.toISOString(),
  });
}

/** The progress of an agent at rest: its last outcome, about its applied rev. */
export function restingProgress(state: AgentState): ReportProgress {
  return { targetRev: state.appliedRev, ...state.outcome };
}
