import { buildEngineResultSchema, type BuildEngineResult, type JobProgress } from '@jetfleet/protocol';
import { BuildState } from './build-state.constant.js';

/** What a build's current attempt looks like to the progress handler. */
export interface AttemptView {
  state: string;
  attempt: number;
  builderDeviceId: string | null;
}

export type BuildProgressDecision =
  | { kind: 'ignore'; why: string }
  | { kind: 'building'; progressPct: number | null }
  | { kind: 'succeeded'; result: BuildEngineResult }
  | { kind: 'failed'; error: string; logTail: string | null };

const logTailOf = (result: Record<string, unknown> | undefined): string | null =>
  typeof result?.logTail === 'string' ? result.logTail.slice(-20_000) : null;

/**
 * Turns a device's progress message for attempt `attempt` of a build into what to do. Messages
 * from another device, from an older attempt, or for a build no longer running are ignored, so
 * duplicates and reordered deliveries cannot move a build backwards.
 */
export function interpretBuildProgress(
  build: AttemptView,
  deviceId: string,
  attempt: number,
  progress: JobProgress,
): BuildProgressDecision {
  if (build.builderDeviceId !== deviceId || build.attempt !== attempt) {
    return { kind: 'ignore', why: 'not the current attempt' };
  }
  if (build.state !== BuildState.Dispatched && build.state !== BuildState.Building) {
    return { kind: 'ignore', why: `build is ${build.state}` };
  }
  switch (progress.state) {
    case 'accepted':
      return { kind: 'ignore', why: 'accepted' };
    case 'running':
      return { kind: 'building', progressPct: progress.progressPct ?? null };
    case 'succeeded': {
      const parsed = buildEngineResultSchema.safeParse(progress.result ?? {});
      if (parsed.success) return { kind: 'succeeded', result: parsed.data };
      const problems = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      return {
        kind: 'failed',
        error: `the device reported success without a valid result (${problems})`,
        logTail: logTailOf(progress.result),
      };
    }
    case 'failed':
      return {
        kind: 'failed',
        error: progress.message ?? 'the build failed on the device',
        logTail: logTailOf(progress.result),
      };
    case 'cancelled':
      return { kind: 'failed', error: 'the device cancelled the build', logTail: logTailOf(progress.result) };
  }
}
