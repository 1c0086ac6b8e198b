import { ALERT_KIND_SPECS, defaultParams, type AlertKind } from './alert-kind.constant.js';
import type { AlertRuleRecord, DeviceSnapshot, EffectiveRule } from './alert-evaluation.types.js';

interface KindRules {
  fleet?: AlertRuleRecord;
  modules: Map<string, AlertRuleRecord>;
  tags: Map<string, AlertRuleRecord>;
}

/**
 * Configured rules indexed for lookup per device: tag beats module beats fleet beats the
 * built-in default, and the winner applies whole (its own params over the kind defaults, no
 * mixing across scopes). A disabled winner switches the kind off for the devices it matches.
 * A device with two matching tag rules gets the one whose tag sorts first, so the choice is stable.
 */
export class AlertRuleIndex {
  private readonly byKind = new Map<AlertKind, KindRules>();

  constructor(rules: readonly AlertRuleRecord[]) {
    for (const rule of rules) {
      let entry = this.byKind.get(rule.kind);
      if (!entry) {
        entry = { modules: new Map(), tags: new Map() };
        this.byKind.set(rule.kind, entry);
      }
      if (rule.scopeKind === 'fleet') entry.fleet = rule;
      else if (rule.scopeKind === 'module') entry.modules.set(rule.scopeValue, rule);
      else entry.tags.set(rule.scopeValue, rule);
    }
  }

  ruleFor(kind: AlertKind, device: Pick<DeviceSnapshot, 'module' | 'tags'>): EffectiveRule {
    const entry = this.byKind.get(kind);
    let match: AlertRuleRecord | undefined;
    if (entry) {
      if (entry.tags.size > 0) {
        const tag = [...device.tags].sort().find((t) => entry.tags.has(t));
        if (tag !== undefined) match = entry.tags.get(tag);
      }
      match ??= entry.modules.get(device.module) ?? entry.fleet;
    }
    if (!match) {
      return {
        kind,
        severity: ALERT_KIND_SPECS[kind].severity,
        params: defaultParams(kind),
        enabled: true,
        ruleId: null,
        scope: 'default',
      };
    }
    return {
      kind,
      severity: match.severity,
      params: { ...defaultParams(kind), ...pickKnown(kind, match.params) },
      enabled: match.enabled,
      ruleId: match.id,
      scope: match.scopeKind,
    };
  }
}

/** Ignores params a rule stored under names the kind no longer has. */
function pickKnown(kind: AlertKind, params: Record<string, number>): Record<string, number> {
  const specs = ALERT_KIND_SPECS[kind].params;
  return Object.fromEntries(
    Object.entries(params).filter(([name, v]) => name in specs && typeof v === 'number' && Number.isFinite(v)),
  );
}
