import type { BuildOutcome } from './alert-evaluation.types.js';

/**
 * The build_failed rule's input, provided by the builds feature (EngineBuildOutcomes, one query
 * over engine_builds per evaluation run). Abstract so that alerts depend on the shape only.
 */
export abstract class BuildOutcomeSource {
  /** Per device, its engine builds finished after `since`, at least the latest one. */
  abstract recent(since: Date): Promise<ReadonlyMap<string, readonly BuildOutcome[]>>;
}
