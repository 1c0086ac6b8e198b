import { describe, expect, it } from 'vitest';
import { InvalidAlertInputException } from './alert.exception.js';
import { parseAlertRuleInput, type AlertRuleInput } from './alert-rule-input.util.js';

const base: AlertRuleInput = { kind: 'temperature_high', scopeKind: 'fleet' };

function fieldOf(input: AlertRuleInput): string {
  try {
    parseAlertRuleInput(input);
  } catch (err) {
    if (err instanceof InvalidAlertInputException) return err.field;
    throw err;
  }
  throw new Error('expected InvalidAlertInputException');
}

describe('parseAlertRuleInput', () => {
  it('fills severity and enabled from the kind and keeps only the params given', () => {
    expect(parseAlertRuleInput({ ...base, params: [{ name: 'thresholdC', value: 80 }] })).toEqual({
      kind: 'temperature_high',
      scopeKind: 'fleet',
      scopeValue: '',
      severity: 'warning',
      params: { thresholdC: 80 },
      enabled: true,
    });
  });

  it('accepts module and tag scopes', () => {
    expect(parseAlertRuleInput({ ...base, scopeKind: 'module', scopeValue: 'agx-orin-64gb' }).scopeValue).toBe(
      'agx-orin-64gb',
    );
    expect(parseAlertRuleInput({ ...base, scopeKind: 'tag', scopeValue: ' site:lyon ' }).scopeValue).toBe('site:lyon');
  });

  it.each<[string, AlertRuleInput]>([
    ['kind', { ...base, kind: 'cpu_on_fire' }],
    ['scopeKind', { ...base, scopeKind: 'region' }],
    ['scopeValue', { ...base, scopeValue: 'x' }],
    ['scopeValue', { ...base, scopeKind: 'module', scopeValue: 'orin-mega' }],
    ['scopeValue', { ...base, scopeKind: 'tag', scopeValue: '' }],
    ['scopeValue', { ...base, scopeKind: 'tag', scopeValue: 'no spaces' }],
    ['severity', { ...base, severity: 'panic' }],
    ['params.threshold', { ...base, params: [{ name: 'threshold', value: 80 }] }],
    ['params.thresholdC', { ...base, params: [{ name: 'thresholdC', value: 999 }] }],
    ['params.thresholdC', { ...base, params: [{ name: 'thresholdC', value: Number.NaN }] }],
    [
      'params.thresholdC',
      {
        ...base,
        params: [
          { name: 'thresholdC', value: 80 },
          { name: 'thresholdC', value: 81 },
        ],
      },
    ],
    ['params.durationSec', { ...base, params: [{ name: 'durationSec', value: 1.5 }] }],
    ['params.durationSec', { ...base, params: [{ name: 'durationSec', value: -1 }] }],
  ])('rejects a bad %s', (field, input) => {
    expect(fieldOf(input)).toBe(field);
  });

  it('says which kinds exist and names the field in the message', () => {
    try {
      parseAlertRuleInput({ ...base, kind: 'nope' });
      expect.unreachable();
    } catch (err) {
      const e = err as InvalidAlertInputException;
      expect(e.code).toBe('BAD_USER_INPUT');
      expect(e.message).toBe('kind: unknown alert kind "nope"');
      expect(e.details).toMatchObject({ field: 'kind', allowed: expect.arrayContaining(['disk_low']) });
    }
  });
});
