import type { AlertSeverity } from '../notifications/alert-notification.types.js';

export const ALERT_KINDS = [
  'device_offline',
  'temperature_high',
  'power_over_budget',
  'latency_slo',
  'accuracy_low',
  'build_failed',
  'disk_low',
  'power_unavailable',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

const KIND_SET: ReadonlySet<string> = new Set(ALERT_KINDS);
export const isAlertKind = (value: unknown): value is AlertKind => typeof value === 'string' && KIND_SET.has(value);

export const ALERT_SCOPE_KINDS = ['fleet', 'module', 'tag'] as const;
export type AlertScopeKind = (typeof ALERT_SCOPE_KINDS)[number];

export const ALERT_STATUSES = ['firing', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** `<kind>:<deviceId>`: at most one open alert per key (partial unique index on alerts). */
export const alertDedupeKey = (kind: AlertKind, deviceId: string): string => `${kind}:${deviceId}`;

export interface AlertParamSpec {
  default: number;
  min: number;
  max: number;
  integer?: boolean;
  description: string;
}

export interface AlertKindSpec {
  severity: AlertSeverity;
  description: string;
  params: Readonly<Record<string, AlertParamSpec>>;
}

const DAY_SEC = 86_400;
const duration = (def: number, description = 'How long the condition must hold before the alert fires.') => ({
  default: def,
  min: 0,
  max: 7 * DAY_SEC,
  integer: true,
  description,
});

/**
 * Built-in rule of every kind: what applies to a device no configured rule matches. Rules
 * stored in alert_rules may set any subset of a kind's params; the rest come from here.
 */
export const ALERT_KIND_SPECS: Readonly<Record<AlertKind, AlertKindSpec>> = {
  device_offline: {
    severity: 'critical',
    description: 'The device is offline (Last Will, shutdown or missed heartbeats).',
    // 0: liveness already waited heartbeatSec × HEARTBEAT_TIMEOUT_FACTOR; offline must be reported promptly.
    params: { durationSec: duration(0) },
  },
  temperature_high: {
    severity: 'warning',
    description: 'The hottest thermal zone stays above thresholdC.',
    params: {
      thresholdC: { default: 85, min: 0, max: 150, description: 'Degrees Celsius of the hottest zone.' },
      durationSec: duration(60),
    },
  },
  power_over_budget: {
    severity: 'warning',
    description: "Board power stays above the active power mode's budget × factor.",
    params: {
      // nvpmodel names are DVFS caps, not metered limits; board power includes the carrier, hence 1.1.
      factor: { default: 1.1, min: 0.1, max: 5, description: 'Multiplier applied to the mode budget (budgetW).' },
      durationSec: duration(60),
    },
  },
  latency_slo: {
    severity: 'warning',
    description: 'Inference p95 latency stays above the SLO.',
    params: {
      sloMs: { default: 100, min: 0.1, max: 100_000, description: 'p95 latency objective in milliseconds.' },
      durationSec: duration(60),
    },
  },
  accuracy_low: {
    severity: 'warning',
    description: "AP50 is below minAp50, or more than maxDrop below the device's baseline.",
    params: {
      // No universal floor: AP50 depends on model and data set, so the floor is opt-in per scope.
      minAp50: { default: 0, min: 0, max: 1, description: 'Absolute AP50 floor; 0 disables it.' },
      maxDrop: { default: 0.01, min: 0, max: 1, description: 'Allowed AP50 drop below the baseline (AP50 units).' },
      baselineSamples: {
        default: 5,
        min: 1,
        max: 100,
        integer: true,
        description: 'Baseline = median of the first N AP50 reports the device sends.',
      },
      durationSec: duration(0),
    },
  },
  build_failed: {
    severity: 'warning',
    description: "The device's latest TensorRT engine build failed.",
    params: {
      windowSec: {
        default: DAY_SEC,
        min: 60,
        max: 30 * DAY_SEC,
        integer: true,
        description: 'A failure older than this no longer alerts.',
      },
      durationSec: duration(0),
    },
  },
  disk_low: {
    severity: 'warning',
    description: 'Free disk is below minFreePct of the total.',
    params: {
      minFreePct: { default: 10, min: 0, max: 100, description: 'Percent of the total disk.' },
      durationSec: duration(0),
    },
  },
  power_unavailable: {
    severity: 'info',
    description: 'No board power reading from a module whose rails should provide one.',
    params: { durationSec: duration(300) },
  },
};

/** Every param of the kind at its default. */
export function defaultParams(kind: AlertKind): Record<string, number> {
  return Object.fromEntries(Object.entries(ALERT_KIND_SPECS[kind].params).map(([name, spec]) => [name, spec.default]));
}
