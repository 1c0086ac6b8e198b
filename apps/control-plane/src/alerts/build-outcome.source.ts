import { Injectable } from '@nestjs/common';
import type { BuildOutcome } from './alert-evaluation.types.js';

/**
 * The build_failed rule's input. Until the builds feature exists there are no builds, so the
 * rule never fires. The builds feature implements `recent` with one query over its jobs (the
 * evaluation calls it once per run) and provides it in place of this class.
 */
@Injectable()
export class BuildOutcomeSource {
  /** Per device, its engine builds finished after `since`, at least the latest one. */
  recent(_since: Date): Promise<ReadonlyMap<string, readonly BuildOutcome[]>> {
    return Promise.resolve(new Map());
  }
}
