import { describe, expect, it } from 'vitest';
import { applyRule, evaluateDevice, isEmptyRuleState, ruleStateChanged } from './alert-evaluator.util.js';
import { defaultParams, type AlertKind } from './alert-kind.constant.js';
import { AlertRuleIndex } from './alert-rule-index.util.js';
import type { Condition, DeviceEvaluationInput, EffectiveRule, RuleState } from './alert-evaluation.types.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const ago = (sec: number) => new Date(NOW.getTime() - sec * 1000);

const rule = (over: Partial<EffectiveRule> = {}): EffectiveRule => ({
  kind: 'temperature_high',
  severity: 'warning',
  params: { ...defaultParams('temperature_high'), durationSec: 60 },
  enabled: true,
  ruleId: null,
  scope: 'default',
  ...over,
});
const hot: Condition = { status: 'active', summary: 'hot', details: { tempMaxC: 90 } };
const cool: Condition = { status: 'clear', details: { tempMaxC: 40 } };
const unknown: Condition = { status: 'unknown' };
const since = (sec: number): RuleState => ({ conditionSince: ago(sec), state: {} });

describe('applyRule', () => {
  it('starts a pending period at the first active evaluation and does not fire before the duration', () => {
    expect(applyRule(rule(), hot, undefined, false, NOW)).toEqual({ conditionSince: NOW, action: { type: 'none' } });
    expect(applyRule(rule(), hot, since(59), false, NOW)).toEqual({
      conditionSince: ago(59),
      action: { type: 'none' },
    });
  });

  it('fires once the condition has held for durationSec, with the numbers and the rule', () => {
    const r = applyRule(rule({ ruleId: 'r1', scope: 'tag' }), hot, since(60), false, NOW);
    expect(r.conditionSince).toEqual(ago(60));
    expect(r.action).toEqual({
      type: 'raise',
      severity: 'warning',
      summary: 'hot',
      details: {
        tempMaxC: 90,
        conditionSince: ago(60).toISOString(),
        durationSec: 60,
        ruleScope: 'tag',
        ruleId: 'r1',
      },
    });
  });

  it('fires at once with durationSec 0', () => {
    const r = applyRule(rule({ params: { durationSec: 0 } }), hot, undefined, false, NOW);
    expect(r.action.type).toBe('raise');
  });

  it('keeps an open alert while the condition holds', () => {
    expect(applyRule(rule(), hot, since(600), true, NOW)).toEqual({
      conditionSince: ago(600),
      action: { type: 'keep' },
    });
  });

  it('keeps an open alert even if the pending period restarted (e.g. a raised duration)', () => {
    expect(applyRule(rule(), hot, undefined, true, NOW).action).toEqual({ type: 'keep' });
  });

  it('resolves when the condition clears and forgets conditionSince', () => {
    expect(applyRule(rule(), cool, since(600), true, NOW)).toEqual({
      conditionSince: null,
      action: { type: 'resolve', reason: 'condition_cleared', details: { tempMaxC: 40 } },
    });
    expect(applyRule(rule(), cool, since(30), false, NOW)).toEqual({ conditionSince: null, action: { type: 'none' } });
  });

  it('holds everything when there is no data', () => {
    expect(applyRule(rule(), unknown, since(30), false, NOW)).toEqual({
      conditionSince: ago(30),
      action: { type: 'none' },
    });
    expect(applyRule(rule(), unknown, since(600), true, NOW).action).toEqual({ type: 'keep' });
    expect(applyRule(rule(), unknown, undefined, false, NOW).conditionSince).toBeNull();
  });

  it('uses the time the condition reports over its own memory (offline since)', () => {
    const offline: Condition = { status: 'active', summary: 'offline', details: {}, since: ago(5) };
    const r = applyRule(rule({ params: { durationSec: 0 } }), offline, since(3600), false, NOW);
    expect(r.conditionSince).toEqual(ago(5));
    expect(r.action.type).toBe('raise');
  });

  it('a disabled rule raises nothing and resolves what is open', () => {
    expect(applyRule(rule({ enabled: false }), hot, since(600), false, NOW)).toEqual({
      conditionSince: null,
      action: { type: 'none' },
    });
    expect(applyRule(rule({ enabled: false }), hot, since(600), true, NOW).action).toEqual({
      type: 'resolve',
      reason: 'rule_disabled',
      details: {},
    });
  });
});

describe('evaluateDevice', () => {
  const input: DeviceEvaluationInput = {
    device: {
      id: 'd1',
      module: 'orin-nano-8gb',
      online: false,
      offlineReason: 'heartbeat_timeout',
      statusChangedAt: ago(10),
      tags: [],
      powerMode: '15W',
      diskTotalMB: 1000,
      diskFreeMB: 500,
    },
    telemetry: null,
    builds: [],
  };

  it('evaluates every kind once', () => {
    const out = evaluateDevice(input, new AlertRuleIndex([]), new Map(), new Set(), NOW);
    expect(out.map((e) => e.kind).sort()).toEqual(
      [
        'accuracy_low',
        'build_failed',
        'device_offline',
        'disk_low',
        'latency_slo',
        'power_over_budget',
        'power_unavailable',
        'temperature_high',
      ].sort(),
    );
    expect(out.find((e) => e.kind === 'device_offline')).toMatchObject({
      deviceId: 'd1',
      next: { conditionSince: ago(10) },
      action: { type: 'raise', severity: 'critical' },
    });
    expect(out.filter((e) => e.action.type !== 'none').map((e) => e.kind)).toEqual(['device_offline']);
  });

  it('resolves an open alert of a kind whose device is back', () => {
    const back = { ...input, device: { ...input.device, online: true, offlineReason: null } };
    const states = new Map<AlertKind, RuleState>([['device_offline', since(100)]]);
    const out = evaluateDevice(back, new AlertRuleIndex([]), states, new Set<AlertKind>(['device_offline']), NOW);
    expect(out.find((e) => e.kind === 'device_offline')).toMatchObject({
      next: { conditionSince: null },
      action: { type: 'resolve', reason: 'condition_cleared' },
    });
  });
});

describe('rule state bookkeeping', () => {
  it('sees changes of conditionSince and of the kind state only', () => {
    expect(ruleStateChanged(undefined, { conditionSince: null, state: {} })).toBe(false);
    expect(ruleStateChanged(since(5), since(5))).toBe(false);
    expect(ruleStateChanged(since(5), since(6))).toBe(true);
    expect(ruleStateChanged(since(5), { conditionSince: ago(5), state: { baseline: 0.7 } })).toBe(true);
  });

  it('calls a state empty when there is nothing to remember', () => {
    expect(isEmptyRuleState({ conditionSince: null, state: {} })).toBe(true);
    expect(isEmptyRuleState({ conditionSince: null, state: { baseline: 0.7 } })).toBe(false);
    expect(isEmptyRuleState(since(1))).toBe(false);
  });
});
