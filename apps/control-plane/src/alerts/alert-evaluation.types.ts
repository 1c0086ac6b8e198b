import type { AlertSeverity } from '../notifications/alert-notification.types.js';
import type { AlertKind, AlertScopeKind } from './alert-kind.constant.js';

/** What the evaluator knows about a device (from the devices table). */
export interface DeviceSnapshot {
  id: string;
  module: string;
  online: boolean;
  offlineReason: string | null;
  statusChangedAt: Date;
  tags: readonly string[];
  /** From the birth's hardware facts; telemetry's powerMode wins when present. */
  powerMode: string | null;
  diskTotalMB: number | null;
  diskFreeMB: number | null;
}

/** The device's recent samples, reduced to what the rules read. Latest non-null value per metric. */
export interface TelemetryWindow {
  samples: number;
  latestTs: Date;
  /** Of the latest sample, null included: null means the sample carried no board power. */
  powerMw: number | null;
  powerMode: string | null;
  tempMaxC: number | null;
  latencyP95Ms: number | null;
  ap50: { value: number; ts: Date } | null;
  diskFreeMB: number | null;
}

/** One finished TensorRT engine build; fed by the builds feature (see BuildOutcomeSource). */
export interface BuildOutcome {
  jobId: string;
  succeeded: boolean;
  finishedAt: Date;
  message: string | null;
}

export interface DeviceEvaluationInput {
  device: DeviceSnapshot;
  /** Null when the device sent nothing recently. */
  telemetry: TelemetryWindow | null;
  builds: readonly BuildOutcome[];
}

/** Persisted per (kind, device) in alert_rule_state. */
export interface RuleState {
  conditionSince: Date | null;
  state: Record<string, unknown>;
}

/** A configured rule (a row of alert_rules). */
export interface AlertRuleRecord {
  id: string;
  kind: AlertKind;
  scopeKind: AlertScopeKind;
  scopeValue: string;
  severity: AlertSeverity;
  params: Record<string, number>;
  enabled: boolean;
}

/** The rule that applies to one device: the most specific match, params completed from the defaults. */
export interface EffectiveRule {
  kind: AlertKind;
  severity: AlertSeverity;
  params: Readonly<Record<string, number>>;
  enabled: boolean;
  /** Null for the built-in default. */
  ruleId: string | null;
  scope: AlertScopeKind | 'default';
}

export type AlertDetails = Record<string, string | number | boolean | null>;

/** What one rule kind says about one device right now, before durations are applied. */
export type Condition =
  | { status: 'active'; summary: string; details: AlertDetails; since?: Date }
  | { status: 'clear'; details: AlertDetails }
  /** No data to decide: keep the state and any open alert as they are. */
  | { status: 'unknown' };

export interface ConditionResult {
  condition: Condition;
  /** Kind-specific memory (e.g. the AP50 baseline); written to alert_rule_state.state. */
  state: Record<string, unknown>;
}

export type AlertAction =
  | { type: 'none' }
  | { type: 'raise'; severity: AlertSeverity; summary: string; details: AlertDetails }
  | { type: 'keep' }
  | { type: 'resolve'; reason: 'condition_cleared' | 'rule_disabled'; details: AlertDetails };

export interface KindEvaluation {
  kind: AlertKind;
  deviceId: string;
  next: RuleState;
  action: AlertAction;
}
