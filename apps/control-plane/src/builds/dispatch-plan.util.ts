import { BUILDER_MIN_DISK_MB, BUILDER_MIN_RAM_MB, chooseBuilder, type PlannerDevice } from './build-planner.util.js';
import { isDue } from './build-retry.util.js';

export interface QueuedBuild {
  id: string;
  compatKey: string;
  /** Attempts made so far. */
  attempt: number;
  queuedAt: Date;
  triedDevices: readonly string[];
  /** The devices of the build's class that were selected for it, with their current facts. */
  candidates: readonly PlannerDevice[];
}

export interface DispatchInput {
  /** Oldest first: the order builds get their turn. */
  queued: readonly QueuedBuild[];
  /** Builds dispatched or building now. */
  running: readonly { compatKey: string; builderDeviceId: string | null }[];
  concurrencyPerClass: number;
  backoffMs: number;
  now: Date;
}

export interface DispatchPlan {
  dispatch: { buildId: string; attempt: number; builderDeviceId: string }[];
  /** No device of the class can ever take the build. */
  fail: { buildId: string; reason: string }[];
  /** Will be looked at again on the next sweep. */
  waiting: { buildId: string; reason: string }[];
}

const canEverBuild = (d: PlannerDevice, tried: ReadonlySet<string>): boolean =>
  !tried.has(d.id) && d.diskFreeMB >= BUILDER_MIN_DISK_MB && d.ramTotalMB >= BUILDER_MIN_RAM_MB;

const list = (ids: string[]): string => (ids.length > 5 ? `${ids.slice(0, 5).join(', ')} …` : ids.join(', '));

/**
 * Which queued builds to hand to which builder now. A build is taken when its retry backoff has
 * passed, its class is below the concurrency limit, and an idle online device of its class with
 * enough disk and memory that has not tried it yet exists. A build none of its devices can ever
 * take (all tried or too small) fails; one that only lacks an idle online device waits.
 */
export function planDispatch(input: DispatchInput): DispatchPlan {
  const plan: DispatchPlan = { dispatch: [], fail: [], waiting: [] };
  const busy = new Set(input.running.map((r) => r.builderDeviceId).filter((id): id is string => id !== null));
  const runningPerClass = new Map<string, number>();
  for (const r of input.running) runningPerClass.set(r.compatKey, (runningPerClass.get(r.compatKey) ?? 0) + 1);

  for (const build of input.queued) {
    if (!isDue(build.queuedAt, build.attempt, input.backoffMs, input.now)) {
      plan.waiting.push({ buildId: build.id, reason: 'retry backoff' });
      continue;
    }
    const tried = new Set(build.triedDevices);
    const possible = build.candidates.filter((d) => canEverBuild(d, tried));
    if (possible.length === 0) {
      const small = build.candidates.filter((d) => !tried.has(d.id)).map((d) => d.id);
      const parts = [
        ...(tried.size ? [`tried ${list([...tried])}`] : []),
        ...(small.length ? [`too little disk or memory: ${list(small)}`] : []),
      ];
      plan.fail.push({
        buildId: build.id,
        reason: `no device of the class can build it${parts.length ? ` (${parts.join('; ')})` : ''}`,
      });
      continue;
    }
    const running = runningPerClass.get(build.compatKey) ?? 0;
    if (running >= input.concurrencyPerClass) {
      plan.waiting.push({ buildId: build.id, reason: `class at its limit of ${input.concurrencyPerClass} running` });
      continue;
    }
    const builder = chooseBuilder([...build.candidates], busy, tried);
    if (!builder) {
      plan.waiting.push({ buildId: build.id, reason: 'no idle online builder' });
      continue;
    }
    busy.add(builder.id);
    runningPerClass.set(build.compatKey, running + 1);
    plan.dispatch.push({ buildId: build.id, attempt: build.attempt, builderDeviceId: builder.id });
  }
  return plan;
}
