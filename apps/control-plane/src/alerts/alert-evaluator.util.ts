import { ALERT_CONDITIONS } from './alert-conditions.util.js';
import { ALERT_KINDS, type AlertKind } from './alert-kind.constant.js';
import type { AlertRuleIndex } from './alert-rule-index.util.js';
import type {
  AlertAction,
  Condition,
  DeviceEvaluationInput,
  EffectiveRule,
  KindEvaluation,
  RuleState,
} from './alert-evaluation.types.js';

/**
 * Applies a rule's duration to a condition, like Prometheus' `for:`. An active condition starts
 * (or continues) a pending period from `conditionSince`; the alert fires once it has held for
 * durationSec and resolves at the first evaluation where it is clear. An unknown condition (no
 * data) changes nothing. A disabled rule resolves what it had raised.
 */
export function applyRule(
  rule: EffectiveRule,
  condition: Condition,
  prev: RuleState | undefined,
  open: boolean,
  now: Date,
): { conditionSince: Date | null; action: AlertAction } {
  const prevSince = prev?.conditionSince ?? null;
  if (!rule.enabled) {
    return {
      conditionSince: null,
      action: open ? { type: 'resolve', reason: 'rule_disabled', details: {} } : { type: 'none' },
    };
  }
  switch (condition.status) {
    case 'unknown':
      return { conditionSince: prevSince, action: open ? { type: 'keep' } : { type: 'none' } };
    case 'clear':
      return {
        conditionSince: null,
        action: open ? { type: 'resolve', reason: 'condition_cleared', details: condition.details } : { type: 'none' },
      };
    case 'active': {
      const since = condition.since ?? prevSince ?? now;
      if (open) return { conditionSince: since, action: { type: 'keep' } };
      const durationSec = rule.params.durationSec ?? 0;
      const heldMs = now.getTime() - since.getTime();
      if (heldMs < durationSec * 1000) return { conditionSince: since, action: { type: 'none' } };
      return {
        conditionSince: since,
        action: {
          type: 'raise',
          severity: rule.severity,
          summary: condition.summary,
          details: {
            ...condition.details,
            conditionSince: since.toISOString(),
            durationSec,
            ruleScope: rule.scope,
            ruleId: rule.ruleId,
          },
        },
      };
    }
  }
}

/** Every rule kind for one device: pure, so the whole policy is unit-tested without I/O. */
export function evaluateDevice(
  input: DeviceEvaluationInput,
  rules: AlertRuleIndex,
  states: ReadonlyMap<AlertKind, RuleState>,
  openKinds: ReadonlySet<AlertKind>,
  now: Date,
): KindEvaluation[] {
  return ALERT_KINDS.map((kind) => {
    const rule = rules.ruleFor(kind, input.device);
    const prev = states.get(kind);
    const { condition, state } = ALERT_CONDITIONS[kind](input, rule.params, prev?.state ?? {}, now);
    const { conditionSince, action } = applyRule(rule, condition, prev, openKinds.has(kind), now);
    return { kind, deviceId: input.device.id, next: { conditionSince, state }, action };
  });
}

/** Whether the row in alert_rule_state must be written (or deleted, when the next state is empty). */
export function ruleStateChanged(prev: RuleState | undefined, next: RuleState): boolean {
  const prevSince = prev?.conditionSince?.getTime() ?? null;
  const nextSince = next.conditionSince?.getTime() ?? null;
  return prevSince !== nextSince || JSON.stringify(prev?.state ?? {}) !== JSON.stringify(next.state);
}

export const isEmptyRuleState = (s: RuleState): boolean =>
  s.conditionSince === null && Object.keys(s.state).length === 0;
