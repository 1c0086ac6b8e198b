import { describe, expect, it } from 'vitest';
import { InvalidRolloutConfigException } from '../planning/rollout-config.exception.js';
import { DEFAULT_ROLLOUT_GATES, parseRolloutGates } from './gate-config.schema.js';

const issuesOf = (raw: unknown) => {
  try {
    parseRolloutGates(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidRolloutConfigException);
    return (err as InvalidRolloutConfigException).issues;
  }
  throw new Error('expected the gates to be refused');
};

describe('rolloutGatesSchema / parseRolloutGates', () => {
  it('fills every default from nothing', () => {
    expect(parseRolloutGates(undefined)).toEqual({
      minReportingDevices: 1,
      minSamplesPerDevice: 3,
      maxLatencyP95Ratio: 1.2,
      maxPowerRatio: 1.15,
      enforcePowerBudget: true,
      maxAp50Drop: 0.01,
      maxFailureRate: 0,
      maxOfflineRate: 0.2,
      evaluationTimeoutSec: 600,
    });
    expect(parseRolloutGates(null)).toEqual(DEFAULT_ROLLOUT_GATES);
  });

  it('keeps what the operator gave and treats GraphQL nulls as absent', () => {
    const gates = parseRolloutGates({ maxAp50Drop: 0.02, minAp50: 0.6, maxLatencyP95Ms: 40, maxPowerRatio: null });
    expect(gates).toMatchObject({ maxAp50Drop: 0.02, minAp50: 0.6, maxLatencyP95Ms: 40, maxPowerRatio: 1.15 });
  });

  it.each([
    [{ minReportingDevices: 0 }, 'gates.minReportingDevices', 'at least 1'],
    [{ minReportingDevices: 1.5 }, 'gates.minReportingDevices', 'whole number'],
    [{ minSamplesPerDevice: 0 }, 'gates.minSamplesPerDevice', 'at least 1'],
    [{ maxLatencyP95Ratio: 0 }, 'gates.maxLatencyP95Ratio', 'greater than 0'],
    [{ maxLatencyP95Ratio: 11 }, 'gates.maxLatencyP95Ratio', 'at most 10'],
    [{ maxLatencyP95Ms: -1 }, 'gates.maxLatencyP95Ms', 'greater than 0'],
    [{ maxPowerRatio: -0.5 }, 'gates.maxPowerRatio', 'greater than 0'],
    [{ enforcePowerBudget: 'yes' }, 'gates.enforcePowerBudget', ''],
    [{ maxAp50Drop: 1.5 }, 'gates.maxAp50Drop', 'between 0 and 1'],
    [{ minAp50: -0.1 }, 'gates.minAp50', 'between 0 and 1'],
    [{ maxFailureRate: 2 }, 'gates.maxFailureRate', 'between 0 and 1'],
    [{ maxOfflineRate: -1 }, 'gates.maxOfflineRate', 'between 0 and 1'],
    [{ evaluationTimeoutSec: 8 * 24 * 3600 }, 'gates.evaluationTimeoutSec', '7 days'],
    [{ evaluationTimeoutSec: 1.5 }, 'gates.evaluationTimeoutSec', 'whole number'],
    [{ maxLatencyRatio: 1.3 }, 'gates.maxLatencyRatio', 'unknown field'],
  ])('refuses %j naming %s', (raw, field, words) => {
    const issues = issuesOf(raw);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.field).toBe(field);
    expect(issues[0]?.message).toContain(words);
  });

  it('reports every bad field at once, in the exception message too', () => {
    let message = '';
    try {
      parseRolloutGates({ maxPowerRatio: 0, maxOfflineRate: 3 });
    } catch (err) {
      message = (err as Error).message;
      expect((err as InvalidRolloutConfigException).code).toBe('BAD_USER_INPUT');
    }
    expect(message).toContain('gates.maxPowerRatio: must be greater than 0');
    expect(message).toContain('gates.maxOfflineRate: must be between 0 and 1');
  });

  it('refuses something that is not an object', () => {
    expect(issuesOf([1, 2])[0]?.field).toBe('gates');
  });
});
