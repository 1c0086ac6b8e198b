import { BuildState } from './build-state.constant.js';

/**
 * What scheduling does for one class, given the build that decides it (the live or succeeded
 * one, else the latest finished; see `decisivePerKey`):
 * - `fetch`: the engine exists; devices lacking it download it.
 * - `join`: a build is queued or running; the devices wait for it.
 * - `local`: the last build failed and the operator allows local fallback; each device builds its own.
 * - `create`: a new shared build (no build yet, the last one was cancelled, or it failed without fallback).
 */
export type ClassDecision = 'fetch' | 'join' | 'local' | 'create';

export function decideForClass(decisive: { state: string } | undefined, allowLocalFallback: boolean): ClassDecision {
  if (!decisive) return 'create';
  switch (decisive.state) {
    case BuildState.Succeeded:
      return 'fetch';
    case BuildState.Queued:
    case BuildState.Dispatched:
    case BuildState.Building:
      return 'join';
    case BuildState.Failed:
    case BuildState.TimedOut:
      return allowLocalFallback ? 'local' : 'create';
    default:
      return 'create';
  }
}
