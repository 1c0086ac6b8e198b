import { describe, expect, it } from 'vitest';
import { rolloutGatesSchema, type RolloutGatesInput } from './gate-config.schema.js';
import { evaluateGates } from './gate-evaluator.util.js';
import type {
  CohortGroup,
  CohortMetrics,
  GateCheckName,
  GateInput,
  GateReport,
  StageDeploymentCounts,
} from './gate-report.types.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const LATER = new Date('2025-03-01T12:10:00Z');
const KEY = 'orin-nano-8gb/15W';

const cohort = (over: Partial<CohortMetrics> = {}): CohortMetrics => ({
  devices: 3,
  samples: 60,
  latencyP95Ms: 10,
  powerW: 10,
  ap50: 0.7,
  ...over,
});

const group = (over: Partial<CohortGroup> = {}): CohortGroup => ({
  key: KEY,
  module: 'orin-nano-8gb',
  powerMode: '15W',
  powerBudgetW: 15,
  canary: cohort(),
  baseline: cohort(),
  ...over,
});

const deployments = (over: Partial<StageDeploymentCounts> = {}): StageDeploymentCounts => ({
  total: 10,
  healthy: 10,
  failed: 0,
  offline: 0,
  ...over,
});

interface Case {
  gates?: RolloutGatesInput;
  deployments?: Partial<StageDeploymentCounts>;
  groups?: CohortGroup[];
  now?: Date;
  deadlineAt?: Date;
}

const evaluate = (c: Case = {}): GateReport => {
  const input: GateInput = {
    gates: rolloutGatesSchema.parse(c.gates ?? {}),
    deployments: deployments(c.deployments),
    groups: c.groups ?? [group()],
    now: c.now ?? NOW,
    deadlineAt: c.deadlineAt ?? LATER,
  };
  return evaluateGates(input);
};

const checkOf = (report: GateReport, name: GateCheckName, key: string | null = KEY) => {
  const found = report.checks.find((c) => c.name === name && c.group === key);
  if (!found) throw new Error(`no ${name} check for ${key}`);
  return found;
};

describe('evaluateGates', () => {
  it('passes a healthy stage, with every check present and the numbers kept', () => {
    const report = evaluate();
    expect(report.outcome).toBe('pass');
    expect(report.checks.map((c) => `${c.name}:${c.verdict}`)).toEqual([
      'failureRate:pass',
      'offlineRate:pass',
      'reportingDevices:pass',
      'latencyP95Ratio:pass',
      'latencyP95Ms:skipped',
      'powerRatio:pass',
      'powerBudget:pass',
      'ap50Drop:pass',
      'minAp50:skipped',
    ]);
    expect(checkOf(report, 'latencyP95Ratio')).toMatchObject({
      canary: 10,
      baseline: 10,
      value: 1,
      threshold: 1.2,
      reason: null,
    });
    expect(report.summary).toBe('Gates passed: 7 check(s) over 1 group(s), 2 skipped');
    expect(report.evaluatedAt).toBe(NOW.toISOString());
    expect(report.deadlineAt).toBe(LATER.toISOString());
  });

  // Each check exactly at its limit passes (limits are inclusive, float noise included), just past it fails.
  describe.each<[GateCheckName, string | null, Case, Case]>([
    [
      'latencyP95Ratio',
      KEY,
      { groups: [group({ canary: cohort({ latencyP95Ms: 12.36 }), baseline: cohort({ latencyP95Ms: 10.3 }) })] },
      { groups: [group({ canary: cohort({ latencyP95Ms: 12.37 }), baseline: cohort({ latencyP95Ms: 10.3 }) })] },
    ],
    [
      'latencyP95Ms',
      KEY,
      {
        gates: { maxLatencyP95Ms: 30, maxLatencyP95Ratio: 10 },
        groups: [group({ canary: cohort({ latencyP95Ms: 30 }) })],
      },
      {
        gates: { maxLatencyP95Ms: 30, maxLatencyP95Ratio: 10 },
        groups: [group({ canary: cohort({ latencyP95Ms: 30.05 }) })],
      },
    ],
    [
      'powerRatio',
      KEY,
      { groups: [group({ canary: cohort({ powerW: 9.2 }), baseline: cohort({ powerW: 8 }) })] },
      { groups: [group({ canary: cohort({ powerW: 9.21 }), baseline: cohort({ powerW: 8 }) })] },
    ],
    [
      'powerBudget',
      KEY,
      { gates: { maxPowerRatio: 10 }, groups: [group({ canary: cohort({ powerW: 15 }) })] },
      { gates: { maxPowerRatio: 10 }, groups: [group({ canary: cohort({ powerW: 15.01 }) })] },
    ],
    [
      'ap50Drop',
      KEY,
      { groups: [group({ canary: cohort({ ap50: 0.548 }), baseline: cohort({ ap50: 0.558 }) })] },
      { groups: [group({ canary: cohort({ ap50: 0.5479 }), baseline: cohort({ ap50: 0.558 }) })] },
    ],
    [
      'minAp50',
      KEY,
      { gates: { minAp50: 0.7 }, groups: [group({ canary: cohort({ ap50: 0.7 }) })] },
      { gates: { minAp50: 0.7 }, groups: [group({ canary: cohort({ ap50: 0.6999 }) })] },
    ],
    ['failureRate', null, { deployments: { failed: 0 } }, { deployments: { failed: 1, healthy: 9 } }],
    [
      'failureRate',
      null,
      { gates: { maxFailureRate: 0.1 }, deployments: { failed: 1, healthy: 9 } },
      { gates: { maxFailureRate: 0.1 }, deployments: { failed: 2, healthy: 8 } },
    ],
    ['offlineRate', null, { deployments: { offline: 2 } }, { deployments: { offline: 3 } }],
  ])('%s at its limit', (name, key, atLimit, pastLimit) => {
    it('passes at the limit', () => {
      const report = evaluate(atLimit);
      expect(checkOf(report, name, key).verdict).toBe('pass');
      expect(report.outcome).toBe('pass');
    });

    it('fails just past it and names it in the summary', () => {
      const report = evaluate(pastLimit);
      const check = checkOf(report, name, key);
      expect(check.verdict).toBe('fail');
      expect(report.outcome).toBe('fail');
      expect(report.summary).toBe(`Gate failed: ${check.reason}`);
    });
  });

  it.each<[string, Case, string]>([
    [
      'AP50 drop',
      { groups: [group({ canary: cohort({ ap50: 0.512 }), baseline: cohort({ ap50: 0.558 }) })] },
      'Gate failed: AP50 drop 0.046 > 0.010 (orin-nano-8gb/15W: canary 0.512 vs baseline 0.558)',
    ],
    [
      'latency ratio',
      { groups: [group({ canary: cohort({ latencyP95Ms: 14.52 }), baseline: cohort({ latencyP95Ms: 11 }) })] },
      'Gate failed: p95 latency ratio 1.32 > 1.20 (orin-nano-8gb/15W: canary 14.5 ms vs baseline 11.0 ms)',
    ],
    [
      'absolute latency',
      {
        gates: { maxLatencyP95Ms: 12, maxLatencyP95Ratio: 5 },
        groups: [group({ canary: cohort({ latencyP95Ms: 12.4 }) })],
      },
      'Gate failed: p95 latency 12.4 ms > 12.0 ms (orin-nano-8gb/15W)',
    ],
    [
      'power ratio',
      { groups: [group({ canary: cohort({ powerW: 9.8 }), baseline: cohort({ powerW: 8 }) })] },
      'Gate failed: power ratio 1.23 > 1.15 (orin-nano-8gb/15W: canary 9.80 W vs baseline 8.00 W)',
    ],
    [
      'power budget',
      {
        groups: [group({ canary: cohort({ powerW: 16.2 }), baseline: null })],
      },
      'Gate failed: mean board power 16.20 W > 15W budget 15 W (orin-nano-8gb/15W)',
    ],
    [
      'AP50 floor',
      {
        gates: { minAp50: 0.6 },
        groups: [group({ canary: cohort({ ap50: 0.55 }), baseline: cohort({ ap50: 0.55 }) })],
      },
      'Gate failed: AP50 0.550 < 0.600 (orin-nano-8gb/15W)',
    ],
    [
      'failure rate',
      { deployments: { total: 20, failed: 2, healthy: 18 } },
      'Gate failed: failure rate 10.0% > 0.0% (2 of 20 deployments failed)',
    ],
    [
      'offline rate',
      { deployments: { total: 8, offline: 3 } },
      'Gate failed: offline rate 37.5% > 20.0% (3 of 8 devices offline)',
    ],
  ])('summarises a failed %s with its numbers', (_label, c, summary) => {
    expect(evaluate(c).summary).toBe(summary);
  });

  it('lists every failure in one line', () => {
    const report = evaluate({
      deployments: { failed: 1, healthy: 9 },
      groups: [group({ canary: cohort({ ap50: 0.512, powerW: 16 }), baseline: cohort({ ap50: 0.558, powerW: 15 }) })],
    });
    expect(report.outcome).toBe('fail');
    expect(report.summary).toBe(
      'Gate failed: failure rate 10.0% > 0.0% (1 of 10 deployments failed); ' +
        'mean board power 16.00 W > 15W budget 15 W (orin-nano-8gb/15W); ' +
        'AP50 drop 0.046 > 0.010 (orin-nano-8gb/15W: canary 0.512 vs baseline 0.558)',
    );
    expect(report.summary).not.toContain('\n');
  });

  describe('missing baseline', () => {
    it('skips relative checks with a reason but still applies absolute ones', () => {
      const report = evaluate({
        gates: { maxLatencyP95Ms: 50, minAp50: 0.5 },
        groups: [group({ baseline: null })],
      });
      expect(report.outcome).toBe('pass');
      for (const name of ['latencyP95Ratio', 'powerRatio', 'ap50Drop'] as const) {
        expect(checkOf(report, name)).toMatchObject({
          verdict: 'skipped',
          reason: 'no baseline on the previous model',
        });
      }
      for (const name of ['latencyP95Ms', 'powerBudget', 'minAp50'] as const) {
        expect(checkOf(report, name).verdict).toBe('pass');
      }
    });

    it('fails on an absolute check without a baseline', () => {
      const report = evaluate({ groups: [group({ baseline: null, canary: cohort({ powerW: 18 }) })] });
      expect(report.outcome).toBe('fail');
      expect(checkOf(report, 'powerBudget').verdict).toBe('fail');
    });

    it('treats a baseline with too few reporting devices as none, saying why', () => {
      const report = evaluate({
        gates: { minReportingDevices: 2 },
        groups: [group({ canary: cohort({ devices: 2, ap50: 0.3 }), baseline: cohort({ devices: 1, ap50: 0.7 }) })],
      });
      expect(report.outcome).toBe('pass');
      expect(checkOf(report, 'ap50Drop')).toMatchObject({
        verdict: 'skipped',
        reason: 'baseline has 1 reporting device(s), needs 2',
        baseline: 0.7,
      });
      expect(checkOf(report, 'reportingDevices')).toMatchObject({ canary: 2, baseline: 1, verdict: 'pass' });
    });

    it('skips a comparison the baseline has no figure for', () => {
      const report = evaluate({
        groups: [group({ baseline: cohort({ latencyP95Ms: null, powerW: null, ap50: null }) })],
      });
      expect(report.outcome).toBe('pass');
      expect(checkOf(report, 'latencyP95Ratio').reason).toBe('baseline reports no latency');
      expect(checkOf(report, 'powerRatio').reason).toBe('board power unavailable on the baseline');
      expect(checkOf(report, 'ap50Drop').reason).toBe('baseline reports no AP50');
    });
  });

  describe('missing data and the deadline', () => {
    const silent = [
      group({ canary: cohort({ devices: 0, samples: 0, latencyP95Ms: null, powerW: null, ap50: null }) }),
    ];

    it('is pending while canaries have not reported, before the deadline', () => {
      const report = evaluate({ groups: silent });
      expect(report.outcome).toBe('pending');
      expect(checkOf(report, 'reportingDevices')).toMatchObject({
        verdict: 'insufficient',
        canary: 0,
        threshold: 1,
        reason: '0 of 1 reporting canary device(s)',
      });
      expect(checkOf(report, 'latencyP95Ratio').verdict).toBe('insufficient');
      expect(report.summary).toBe('Waiting for data: orin-nano-8gb/15W: 0 of 1 reporting canary device(s)');
    });

    it('is inconclusive from the deadline on', () => {
      expect(evaluate({ groups: silent, now: LATER }).outcome).toBe('inconclusive');
      expect(evaluate({ groups: silent, now: new Date(LATER.getTime() - 1) }).outcome).toBe('pending');
      const report = evaluate({ groups: silent, now: new Date(LATER.getTime() + 60_000) });
      expect(report.outcome).toBe('inconclusive');
      expect(report.summary).toBe(
        'Inconclusive, not enough data by the deadline: orin-nano-8gb/15W: 0 of 1 reporting canary device(s)',
      );
    });

    it('does not judge a cohort below the minimum, even on a figure that would fail', () => {
      const report = evaluate({
        gates: { minReportingDevices: 3 },
        groups: [group({ canary: cohort({ devices: 2, ap50: 0.1 }) })],
      });
      expect(report.outcome).toBe('pending');
      expect(checkOf(report, 'ap50Drop')).toMatchObject({ verdict: 'insufficient', canary: 0.1, value: null });
    });

    it('fails on a failing group even while another group lacks data', () => {
      const report = evaluate({
        groups: [
          silent[0] as CohortGroup,
          group({
            key: 'agx-orin-64gb/MAXN',
            module: 'agx-orin-64gb',
            powerMode: 'MAXN',
            powerBudgetW: 60,
            canary: cohort({ ap50: 0.6 }),
          }),
        ],
      });
      expect(report.outcome).toBe('fail');
      expect(report.summary).toBe(
        'Gate failed: AP50 drop 0.100 > 0.010 (agx-orin-64gb/MAXN: canary 0.600 vs baseline 0.700)',
      );
    });

    it('fails on the stage failure rate even before any telemetry', () => {
      expect(evaluate({ groups: silent, deployments: { failed: 1, healthy: 9 } }).outcome).toBe('fail');
    });

    it('waits for latency from reporting canaries', () => {
      const report = evaluate({ groups: [group({ canary: cohort({ latencyP95Ms: null }) })] });
      expect(report.outcome).toBe('pending');
      expect(checkOf(report, 'latencyP95Ratio')).toMatchObject({
        verdict: 'insufficient',
        reason: 'no latency samples from the canaries',
      });
    });

    it('waits for canary AP50 when the baseline has one, skips AP50 when nobody measures it', () => {
      const waiting = evaluate({ groups: [group({ canary: cohort({ ap50: null }) })] });
      expect(waiting.outcome).toBe('pending');
      expect(checkOf(waiting, 'ap50Drop').reason).toBe('no AP50 from the canaries');

      const unmeasured = evaluate({
        groups: [group({ canary: cohort({ ap50: null }), baseline: cohort({ ap50: null }) })],
      });
      expect(unmeasured.outcome).toBe('pass');
      expect(checkOf(unmeasured, 'ap50Drop')).toMatchObject({
        verdict: 'skipped',
        reason: 'no AP50 measured in this group',
      });
    });

    it('waits for canary AP50 when a floor is set', () => {
      const report = evaluate({
        gates: { minAp50: 0.5 },
        groups: [group({ canary: cohort({ ap50: null }), baseline: null })],
      });
      expect(report.outcome).toBe('pending');
      expect(checkOf(report, 'minAp50').verdict).toBe('insufficient');
    });

    it('skips power checks on hardware without power, instead of waiting forever', () => {
      const report = evaluate({ groups: [group({ canary: cohort({ powerW: null }) })] });
      expect(report.outcome).toBe('pass');
      expect(checkOf(report, 'powerRatio')).toMatchObject({
        verdict: 'skipped',
        reason: 'board power unavailable on the canaries',
      });
      expect(checkOf(report, 'powerBudget')).toMatchObject({
        verdict: 'skipped',
        reason: 'board power unavailable on the canaries',
      });
    });

    it('skips the budget for an unknown mode or when not enforced', () => {
      const unknown = evaluate({
        groups: [group({ powerBudgetW: null, powerMode: 'CUSTOM', canary: cohort({ powerW: 99 }), baseline: null })],
      });
      expect(unknown.outcome).toBe('pass');
      expect(checkOf(unknown, 'powerBudget').reason).toBe('no known budget for power mode CUSTOM of orin-nano-8gb');
      const off = evaluate({
        gates: { enforcePowerBudget: false },
        groups: [group({ canary: cohort({ powerW: 99 }), baseline: null })],
      });
      expect(off.outcome).toBe('pass');
      expect(checkOf(off, 'powerBudget').reason).toBe('power budget not enforced');
    });

    it('waits when deployments settled but no canary group has reported at all', () => {
      const report = evaluate({ groups: [] });
      expect(report.outcome).toBe('pending');
      expect(checkOf(report, 'reportingDevices', null).reason).toBe('no canary device has reported telemetry');
      expect(evaluate({ groups: [], now: LATER }).outcome).toBe('inconclusive');
    });

    it('passes an empty stage', () => {
      const report = evaluate({ groups: [], deployments: { total: 0, healthy: 0 } });
      expect(report.outcome).toBe('pass');
      expect(checkOf(report, 'failureRate', null)).toMatchObject({
        verdict: 'skipped',
        reason: 'the stage has no deployments',
      });
    });
  });

  it('orders groups by key and checks each one', () => {
    const report = evaluate({
      groups: [
        group({ key: 'xavier-nx-8gb/20W', module: 'xavier-nx-8gb', powerMode: '20W', powerBudgetW: 20 }),
        group({ key: 'agx-orin-64gb/MAXN', module: 'agx-orin-64gb', powerMode: 'MAXN', powerBudgetW: 60 }),
      ],
    });
    const groups = [...new Set(report.checks.map((c) => c.group))];
    expect(groups).toEqual([null, 'agx-orin-64gb/MAXN', 'xavier-nx-8gb/20W']);
    expect(report.summary).toBe('Gates passed: 12 check(s) over 2 group(s), 4 skipped');
  });

  it('caps a long pending summary', () => {
    const many = Array.from({ length: 5 }, (_, i) =>
      group({ key: `m${i}/15W`, canary: cohort({ devices: 0, latencyP95Ms: null, powerW: null, ap50: null }) }),
    );
    expect(evaluate({ groups: many }).summary).toBe(
      'Waiting for data: m0/15W: 0 of 1 reporting canary device(s); m1/15W: 0 of 1 reporting canary device(s); ' +
        'm2/15W: 0 of 1 reporting canary device(s); and 2 more',
    );
  });
});
