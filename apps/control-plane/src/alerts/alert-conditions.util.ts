import { findModule, resolvePowerMode } from '@jetfleet/jetson';
import type { AlertKind } from './alert-kind.constant.js';
import type {
  AlertDetails,
  Condition,
  ConditionResult,
  DeviceEvaluationInput,
  TelemetryWindow,
} from './alert-evaluation.types.js';

type Params = Readonly<Record<string, number>>;
export type ConditionFn = (
  input: DeviceEvaluationInput,
  params: Params,
  state: Readonly<Record<string, unknown>>,
  now: Date,
) => ConditionResult;

const UNKNOWN: Condition = { status: 'unknown' };
const clear = (details: AlertDetails = {}): Condition => ({ status: 'clear', details });
const active = (summary: string, details: AlertDetails, since?: Date): Condition =>
  since ? { status: 'active', summary, details, since } : { status: 'active', summary, details };
const p = (params: Params, name: string): number => params[name] ?? 0;
const round = (n: number, digits: number): number => Number(n.toFixed(digits));

/** Samples of an offline device are stale: telemetry rules hold their state until it is back. */
const live = (input: DeviceEvaluationInput): TelemetryWindow | null => (input.device.online ? input.telemetry : null);

/** A rule that keeps no memory of its own beyond conditionSince. */
const stateless =
  (decide: (input: DeviceEvaluationInput, params: Params, now: Date) => Condition): ConditionFn =>
  (input, params, state, now) => ({ condition: decide(input, params, now), state: { ...state } });

/** Latest value of one metric against a limit; no value (no recent sample) → unknown. */
function threshold(
  read: (t: TelemetryWindow) => number | null,
  breached: (value: number, params: Params) => boolean,
  describe: (value: number, params: Params) => { summary: string; details: AlertDetails },
): ConditionFn {
  return stateless((input, params) => {
    const t = live(input);
    const value = t ? read(t) : null;
    if (value === null) return UNKNOWN;
    const { summary, details } = describe(value, params);
    return breached(value, params) ? active(summary, details) : clear(details);
  });
}

const deviceOffline = stateless(({ device }) =>
  device.online
    ? clear()
    : active(
        `Device ${device.id} is offline (${device.offlineReason ?? 'unknown reason'})`,
        { offlineReason: device.offlineReason, offlineSince: device.statusChangedAt.toISOString() },
        device.statusChangedAt,
      ),
);

const temperatureHigh = threshold(
  (t) => t.tempMaxC,
  (tempC, params) => tempC > p(params, 'thresholdC'),
  (tempC, params) => ({
    summary: `Temperature ${round(tempC, 1)} °C above ${p(params, 'thresholdC')} °C`,
    details: { tempMaxC: round(tempC, 2), thresholdC: p(params, 'thresholdC') },
  }),
);

const latencySlo = threshold(
  (t) => t.latencyP95Ms,
  (ms, params) => ms > p(params, 'sloMs'),
  (ms, params) => ({
    summary: `p95 latency ${round(ms, 1)} ms above the ${p(params, 'sloMs')} ms SLO`,
    details: { latencyP95Ms: round(ms, 2), sloMs: p(params, 'sloMs') },
  }),
);

const powerOverBudget = stateless((input, params) => {
  const t = live(input);
  const module = findModule(input.device.module);
  const modeName = t?.powerMode ?? input.device.powerMode;
  // Null power is power_unavailable's business; an unknown module or mode has no budget to compare.
  if (!t || t.powerMw === null || !module || modeName === null) return UNKNOWN;
  const mode = resolvePowerMode(module.id, modeName);
  if (!mode) return UNKNOWN;
  const factor = p(params, 'factor');
  const limitMw = mode.budgetW * 1000 * factor;
  const details = {
    powerMw: round(t.powerMw, 1),
    limitMw: round(limitMw, 1),
    budgetW: mode.budgetW,
    factor,
    powerMode: mode.name,
  };
  if (t.powerMw <= limitMw) return clear(details);
  const watts = (mw: number) => `${round(mw / 1000, 2)} W`;
  return active(
    `Board power ${watts(t.powerMw)} over ${watts(limitMw)} (${mode.name} budget ${mode.budgetW} W × ${factor})`,
    details,
  );
});

const diskLow = stateless((input, params) => {
  const { device } = input;
  const free = live(input)?.diskFreeMB ?? (device.online ? device.diskFreeMB : null);
  const total = device.diskTotalMB;
  if (free === null || total === null || total <= 0) return UNKNOWN;
  const pct = (free / total) * 100;
  const min = p(params, 'minFreePct');
  const details = { diskFreeMB: round(free, 0), diskTotalMB: round(total, 0), freePct: round(pct, 2), minFreePct: min };
  if (pct >= min) return clear(details);
  return active(`Disk ${round(pct, 1)}% free (${round(free, 0)} of ${round(total, 0)} MB), below ${min}%`, details);
});

const powerUnavailable = stateless((input) => {
  const t = live(input);
  const module = findModule(input.device.module);
  if (!t || !module) return UNKNOWN;
  const rule = module.powerRule;
  if (rule.kind === 'unavailable' || t.powerMw !== null) return clear();
  const source = rule.kind === 'rail' ? rule.rail : rule.rails.join('+');
  return active(`No board power reading; ${module.id} reports it from ${source}`, {
    module: module.id,
    powerRule: rule.kind,
    rails: source,
  });
});

interface AccuracyState {
  baseline?: number;
  /** AP50 reports collected until there are baselineSamples of them. */
  collected?: number[];
  /** ts of the last report counted, so one report read twice is counted once. */
  lastTs?: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The baseline is the median of the device's first `baselineSamples` AP50 reports, kept in the
 * rule state so it survives restarts and does not drift down with a slow decline. (When
 * deployments land, a new model should reset it by deleting the row.)
 */
const accuracyLow: ConditionFn = (input, params, raw) => {
  const prev = raw as AccuracyState;
  const report = live(input)?.ap50 ?? null;
  if (report === null) return { condition: UNKNOWN, state: { ...raw } };
  const next: AccuracyState = { ...prev, lastTs: report.ts.toISOString() };
  if (prev.baseline === undefined && prev.lastTs !== next.lastTs) {
    const collected = [...(prev.collected ?? []), report.value];
    if (collected.length >= p(params, 'baselineSamples')) {
      next.baseline = round(median(collected), 6);
      delete next.collected;
    } else {
      next.collected = collected;
    }
  }
  const ap50 = round(report.value, 6);
  const floor = p(params, 'minAp50');
  const maxDrop = p(params, 'maxDrop');
  const drop = next.baseline === undefined ? null : round(next.baseline - ap50, 6);
  const details = { ap50, baseline: next.baseline ?? null, drop, minAp50: floor, maxDrop };
  const reasons: string[] = [];
  if (floor > 0 && ap50 < floor) reasons.push(`below the ${floor} floor`);
  if (drop !== null && drop > maxDrop) reasons.push(`${round(drop, 3)} below the baseline ${round(next.baseline!, 3)}`);
  const condition = reasons.length
    ? active(`AP50 ${round(ap50, 3)} ${reasons.join(' and ')}`, details)
    : clear(details);
  return { condition, state: next as Record<string, unknown> };
};

/** Fires on the latest build when it failed within windowSec; a later success or age clears it. */
const buildFailed = stateless(({ builds }, params, now) => {
  const latest = [...builds].sort((a, b) => b.finishedAt.getTime() - a.finishedAt.getTime())[0];
  if (!latest) return clear();
  const fresh = now.getTime() - latest.finishedAt.getTime() <= p(params, 'windowSec') * 1000;
  if (latest.succeeded || !fresh) return clear({ jobId: latest.jobId });
  return active(
    `Engine build ${latest.jobId} failed${latest.message ? `: ${latest.message}` : ''}`,
    { jobId: latest.jobId, message: latest.message, failedAt: latest.finishedAt.toISOString() },
    latest.finishedAt,
  );
});

export const ALERT_CONDITIONS: Readonly<Record<AlertKind, ConditionFn>> = {
  device_offline: deviceOffline,
  temperature_high: temperatureHigh,
  power_over_budget: powerOverBudget,
  latency_slo: latencySlo,
  accuracy_low: accuracyLow,
  build_failed: buildFailed,
  disk_low: diskLow,
  power_unavailable: powerUnavailable,
};
