import type { DesiredModel, DesiredPowerMode, DesiredState } from '@jetfleet/protocol';
import type { EngineRecord } from './agent-state.types.js';

/**
 * What the model part of a desired state asks for, given what the device runs:
 * - `keep`: the active engine already is the desired one (its ids may still be renamed);
 * - `swap_to_previous`: the desired engine is the one kept for rollback, so it is a file swap;
 * - `install`: any other engine (the engine store may still have it, else it is downloaded);
 * - `deactivate`: serve nothing.
 */
export type ModelStep =
  | { readonly kind: 'keep'; readonly model: DesiredModel }
  | { readonly kind: 'swap_to_previous'; readonly model: DesiredModel }
  | { readonly kind: 'install'; readonly model: DesiredModel }
  | { readonly kind: 'deactivate' };

export interface ReconcilePlan {
  /** Power mode first: an engine's verification should be measured in the mode it will serve in. */
  readonly powerMode: DesiredPowerMode | null;
  readonly model: ModelStep | null;
}

export interface CurrentState {
  readonly active: EngineRecord | null;
  readonly previous: EngineRecord | null;
  /** From `nvpmodel -q`; null when unknown (then a desired mode is set anyway). */
  readonly powerModeId: number | null;
}

/** Absent (and null power mode) means "leave as is"; `model: null` means "serve nothing". */
export function planConvergence(current: CurrentState, desired: DesiredState): ReconcilePlan {
  const wantMode = desired.powerMode ?? null;
  const powerMode = wantMode !== null && wantMode.id !== current.powerModeId ? wantMode : null;
  return { powerMode, model: planModel(current, desired.model) };
}

function planModel(current: CurrentState, model: DesiredModel | null | undefined): ModelStep | null {
  if (model === undefined) return null;
  if (model === null) return current.active === null ? null : { kind: 'deactivate' };
  if (current.active?.engineSha256 === model.engine.sha256) return { kind: 'keep', model };
  if (current.previous?.engineSha256 === model.engine.sha256) return { kind: 'swap_to_previous', model };
  return { kind: 'install', model };
}

/** Engines the device keeps after a convergence: the active one and the rollback target. */
export function enginesToKeep(active: EngineRecord | null, previous: EngineRecord | null): Set<string> {
  return new Set([active, previous].flatMap((e) => (e === null ? [] : [e.engineSha256])));
}
