import { isModuleId } from '@jetfleet/jetson';
import { ALERT_SEVERITIES, type AlertSeverity } from '../notifications/alert-notification.types.js';
import {
  ALERT_KIND_SPECS,
  ALERT_KINDS,
  ALERT_SCOPE_KINDS,
  isAlertKind,
  type AlertScopeKind,
} from './alert-kind.constant.js';
import type { AlertRuleRecord } from './alert-evaluation.types.js';
import { InvalidAlertInputException } from './alert.exception.js';

/** Same shape as device tags (devices/device-query.service.ts), so a tag rule can match. */
const TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:_.=-]{0,62}$/;

export interface AlertRuleInput {
  kind: string;
  scopeKind: string;
  scopeValue?: string | null;
  severity?: string | null;
  params?: readonly { name: string; value: number }[] | null;
  enabled?: boolean | null;
}

/**
 * Checks a rule as an operator wrote it and returns it ready to store, or throws
 * InvalidAlertInputException naming the first bad field. Params not given use the kind
 * defaults at evaluation time, so they are not stored.
 */
export function parseAlertRuleInput(input: AlertRuleInput): Omit<AlertRuleRecord, 'id'> {
  const { kind } = input;
  if (!isAlertKind(kind)) {
    throw new InvalidAlertInputException('kind', `unknown alert kind ${JSON.stringify(kind)}`, {
      allowed: [...ALERT_KINDS],
    });
  }
  const scopeKind = input.scopeKind as AlertScopeKind;
  if (!ALERT_SCOPE_KINDS.includes(scopeKind)) {
    throw new InvalidAlertInputException('scopeKind', `must be one of ${ALERT_SCOPE_KINDS.join(', ')}`);
  }
  const scopeValue = parseScopeValue(scopeKind, input.scopeValue?.trim() ?? '');
  const severity = (input.severity ?? ALERT_KIND_SPECS[kind].severity) as AlertSeverity;
  if (!ALERT_SEVERITIES.includes(severity)) {
    throw new InvalidAlertInputException('severity', `must be one of ${ALERT_SEVERITIES.join(', ')}`);
  }
  const specs = ALERT_KIND_SPECS[kind].params;
  const params: Record<string, number> = {};
  for (const { name, value } of input.params ?? []) {
    const field = `params.${name}`;
    const spec = specs[name];
    if (!spec) {
      throw new InvalidAlertInputException(field, `${kind} has no param ${JSON.stringify(name)}`, {
        allowed: Object.keys(specs),
      });
    }
    if (name in params) throw new InvalidAlertInputException(field, 'given twice');
    if (!Number.isFinite(value) || value < spec.min || value > spec.max) {
      throw new InvalidAlertInputException(field, `must be between ${spec.min} and ${spec.max}`, { value });
    }
    if (spec.integer && !Number.isInteger(value)) throw new InvalidAlertInputException(field, 'must be an integer');
    params[name] = value;
  }
  return { kind, scopeKind, scopeValue, severity, params, enabled: input.enabled ?? true };
}

function parseScopeValue(scopeKind: AlertScopeKind, value: string): string {
  switch (scopeKind) {
    case 'fleet':
      if (value !== '') throw new InvalidAlertInputException('scopeValue', 'must be empty for a fleet rule');
      return '';
    case 'module':
      if (!isModuleId(value)) {
        throw new InvalidAlertInputException('scopeValue', `unknown module ${JSON.stringify(value)}`);
      }
      return value;
    case 'tag':
      if (!TAG_PATTERN.test(value)) {
        throw new InvalidAlertInputException('scopeValue', 'a tag is 1-63 chars of [A-Za-z0-9:_.=-]');
      }
      return value;
  }
}
