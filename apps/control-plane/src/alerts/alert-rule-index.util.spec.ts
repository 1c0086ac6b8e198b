import { describe, expect, it } from 'vitest';
import { AlertRuleIndex } from './alert-rule-index.util.js';
import type { AlertRuleRecord } from './alert-evaluation.types.js';

let n = 0;
const rule = (over: Partial<AlertRuleRecord>): AlertRuleRecord => ({
  id: `r${++n}`,
  kind: 'temperature_high',
  scopeKind: 'fleet',
  scopeValue: '',
  severity: 'warning',
  params: {},
  enabled: true,
  ...over,
});
const device = (module: string, tags: string[] = []) => ({ module, tags });

describe('AlertRuleIndex', () => {
  it('falls back to the built-in default with its severity and params', () => {
    const r = new AlertRuleIndex([]).ruleFor('device_offline', device('orin-nx-16gb'));
    expect(r).toEqual({
      kind: 'device_offline',
      severity: 'critical',
      params: { durationSec: 0 },
      enabled: true,
      ruleId: null,
      scope: 'default',
    });
  });

  it('picks tag over module over fleet', () => {
    const fleet = rule({ params: { thresholdC: 80 } });
    const mod = rule({ scopeKind: 'module', scopeValue: 'agx-orin-64gb', params: { thresholdC: 90 } });
    const tag = rule({ scopeKind: 'tag', scopeValue: 'hot-site', params: { thresholdC: 95 }, severity: 'critical' });
    const idx = new AlertRuleIndex([fleet, mod, tag]);
    expect(idx.ruleFor('temperature_high', device('orin-nano-8gb')).params.thresholdC).toBe(80);
    expect(idx.ruleFor('temperature_high', device('agx-orin-64gb')).params.thresholdC).toBe(90);
    expect(idx.ruleFor('temperature_high', device('agx-orin-64gb', ['hot-site']))).toMatchObject({
      params: { thresholdC: 95 },
      severity: 'critical',
      scope: 'tag',
      ruleId: tag.id,
    });
    expect(idx.ruleFor('temperature_high', device('agx-orin-64gb', ['other'])).scope).toBe('module');
  });

  it('applies the winner whole: params it does not set come from the defaults, not the wider rule', () => {
    const idx = new AlertRuleIndex([
      rule({ params: { thresholdC: 80, durationSec: 5 } }),
      rule({ scopeKind: 'tag', scopeValue: 'lab', params: { thresholdC: 70 } }),
    ]);
    expect(idx.ruleFor('temperature_high', device('x', ['lab'])).params).toEqual({ thresholdC: 70, durationSec: 60 });
  });

  it('chooses between two matching tag rules by tag order, whatever the device tag order', () => {
    const idx = new AlertRuleIndex([
      rule({ scopeKind: 'tag', scopeValue: 'zeta', params: { thresholdC: 60 } }),
      rule({ scopeKind: 'tag', scopeValue: 'alpha', params: { thresholdC: 70 } }),
    ]);
    expect(idx.ruleFor('temperature_high', device('x', ['zeta', 'alpha'])).params.thresholdC).toBe(70);
    expect(idx.ruleFor('temperature_high', device('x', ['alpha', 'zeta'])).params.thresholdC).toBe(70);
  });

  it('lets a disabled specific rule switch a kind off, and keeps kinds apart', () => {
    const idx = new AlertRuleIndex([rule({ scopeKind: 'tag', scopeValue: 'bench', enabled: false })]);
    expect(idx.ruleFor('temperature_high', device('x', ['bench'])).enabled).toBe(false);
    expect(idx.ruleFor('temperature_high', device('x')).enabled).toBe(true);
    expect(idx.ruleFor('latency_slo', device('x', ['bench'])).scope).toBe('default');
  });

  it('ignores stored params the kind does not know', () => {
    const idx = new AlertRuleIndex([rule({ params: { thresholdC: 70, gone: 1 } })]);
    expect(idx.ruleFor('temperature_high', device('x')).params).toEqual({ thresholdC: 70, durationSec: 60 });
  });
});
