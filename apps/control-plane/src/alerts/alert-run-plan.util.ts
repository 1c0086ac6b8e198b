import { ALERT_KINDS, alertDedupeKey, type AlertKind } from './alert-kind.constant.js';
import type {
  AlertDetails,
  BuildOutcome,
  DeviceSnapshot,
  RuleState,
  TelemetryWindow,
} from './alert-evaluation.types.js';
import { evaluateDevice, isEmptyRuleState, ruleStateChanged } from './alert-evaluator.util.js';
import type { AlertRuleIndex } from './alert-rule-index.util.js';
import type { AlertSeverity } from '../notifications/alert-notification.types.js';

export interface StoredRuleState extends RuleState {
  kind: AlertKind;
  deviceId: string;
}

export interface OpenAlertRef {
  id: string;
  kind: AlertKind;
  deviceId: string;
}

export interface NewAlert {
  kind: AlertKind;
  deviceId: string;
  dedupeKey: string;
  severity: AlertSeverity;
  summary: string;
  details: AlertDetails;
}

export interface RunInput {
  rules: AlertRuleIndex;
  devices: readonly DeviceSnapshot[];
  telemetry: ReadonlyMap<string, TelemetryWindow>;
  builds: ReadonlyMap<string, readonly BuildOutcome[]>;
  states: readonly StoredRuleState[];
  open: readonly OpenAlertRef[];
  now: Date;
}

/** Everything one run writes, as data. */
export interface RunPlan {
  upserts: StoredRuleState[];
  deletes: StoredRuleState[];
  raises: NewAlert[];
  resolves: { id: string; details: AlertDetails }[];
  /** Open alerts whose condition still holds (or has no data): only last_evaluated_at changes. */
  kept: string[];
}

const key = (kind: AlertKind, deviceId: string) => `${kind}\u0000${deviceId}`;

/** The whole fleet's evaluation, pure: loaded rows in, rows to write out. */
export function planRun(input: RunInput): RunPlan {
  const states = new Map(input.states.map((s) => [key(s.kind, s.deviceId), s]));
  const open = new Map(input.open.map((a) => [key(a.kind, a.deviceId), a.id]));
  const plan: RunPlan = { upserts: [], deletes: [], raises: [], resolves: [], kept: [] };
  for (const device of input.devices) {
    const deviceStates = new Map<AlertKind, RuleState>();
    const openKinds = new Set<AlertKind>();
    for (const kind of ALERT_KINDS) {
      const s = states.get(key(kind, device.id));
      if (s) deviceStates.set(kind, s);
      if (open.has(key(kind, device.id))) openKinds.add(kind);
    }
    const evaluationInput = {
      device,
      telemetry: input.telemetry.get(device.id) ?? null,
      builds: input.builds.get(device.id) ?? [],
    };
    for (const e of evaluateDevice(evaluationInput, input.rules, deviceStates, openKinds, input.now)) {
      const prev = deviceStates.get(e.kind);
      if (ruleStateChanged(prev, e.next)) {
        const row = { kind: e.kind, deviceId: device.id, ...e.next };
        if (!isEmptyRuleState(e.next)) plan.upserts.push(row);
        else if (prev) plan.deletes.push(row);
      }
      const alertId = open.get(key(e.kind, device.id));
      switch (e.action.type) {
        case 'raise':
          plan.raises.push({
            kind: e.kind,
            deviceId: device.id,
            dedupeKey: alertDedupeKey(e.kind, device.id),
            severity: e.action.severity,
            summary: e.action.summary,
            details: e.action.details,
          });
          break;
        case 'resolve':
          if (alertId) plan.resolves.push({ id: alertId, details: { reason: e.action.reason, ...e.action.details } });
          break;
        case 'keep':
          if (alertId) plan.kept.push(alertId);
          break;
        case 'none':
          break;
      }
    }
  }
  return plan;
}
