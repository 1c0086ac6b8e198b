import type { RolloutGates } from './gate-config.schema.js';
import { above } from './gate-check.util.js';
import { formatPair } from './gate-format.util.js';
import { groupChecks } from './gate-group-checks.util.js';
import type { GateCheck, GateInput, GateOutcome, GateReport, StageDeploymentCounts } from './gate-report.types.js';

function rateCheck(
  name: 'failureRate' | 'offlineRate',
  count: number,
  total: number,
  limit: number,
  what: string,
): GateCheck {
  const base = { name, group: null, canary: count, baseline: null, threshold: limit };
  if (total === 0) return { ...base, value: null, verdict: 'skipped', reason: 'the stage has no deployments' };
  const rate = count / total;
  if (!above(rate, limit)) return { ...base, value: rate, verdict: 'pass', reason: null };
  const [r, t] = formatPair(rate * 100, limit * 100, 1);
  const label = name === 'failureRate' ? 'failure rate' : 'offline rate';
  return { ...base, value: rate, verdict: 'fail', reason: `${label} ${r}% > ${t}% (${count} of ${total} ${what})` };
}

/** Over the stage's deployments, not per group: a deployment that failed never reports telemetry. */
function stageChecks(d: StageDeploymentCounts, gates: RolloutGates): GateCheck[] {
  return [
    rateCheck('failureRate', d.failed, d.total, gates.maxFailureRate, 'deployments failed'),
    rateCheck('offlineRate', d.offline, d.total, gates.maxOfflineRate, 'devices offline'),
  ];
}

function listed(reasons: string[], max: number): string {
  const unique = [...new Set(reasons)];
  if (unique.length <= max) return unique.join('; ');
  return `${unique.slice(0, max).join('; ')}; and ${unique.length - max} more`;
}

function summarize(outcome: GateOutcome, checks: GateCheck[], groups: number): string {
  const reasons = (verdict: GateCheck['verdict']) =>
    checks
      .filter((c) => c.verdict === verdict)
      .map((c) =>
        verdict !== 'fail' && c.group !== null ? `${c.group}: ${c.reason ?? c.name}` : (c.reason ?? c.name),
      );
  switch (outcome) {
    case 'fail':
      return `Gate failed: ${listed(reasons('fail'), 5)}`;
    case 'pending':
      return `Waiting for data: ${listed(reasons('insufficient'), 3)}`;
    case 'inconclusive':
      return `Inconclusive, not enough data by the deadline: ${listed(reasons('insufficient'), 3)}`;
    case 'pass': {
      const passed = checks.filter((c) => c.verdict === 'pass').length;
      const skipped = checks.filter((c) => c.verdict === 'skipped').length;
      return `Gates passed: ${passed} check(s) over ${groups} group(s)${skipped ? `, ${skipped} skipped` : ''}`;
    }
  }
}

/**
 * Judges one stage. Any failed check fails it, even while other groups still lack data; otherwise
 * missing data keeps it pending before the deadline and inconclusive from the deadline on; otherwise it passes.
 */
export function evaluateGates(input: GateInput): GateReport {
  const { gates, deployments, now, deadlineAt } = input;
  const groups = [...input.groups].sort((a, b) => a.key.localeCompare(b.key));
  const checks = [...stageChecks(deployments, gates), ...groups.flatMap((g) => groupChecks(g, gates))];
  if (groups.length === 0 && deployments.total > deployments.failed) {
    // Deployed canaries but no group at all: none of them has reported telemetry yet.
    checks.push({
      name: 'reportingDevices',
      group: null,
      canary: 0,
      baseline: null,
      value: 0,
      threshold: gates.minReportingDevices,
      verdict: 'insufficient',
      reason: 'no canary device has reported telemetry',
    });
  }
  const hasFail = checks.some((c) => c.verdict === 'fail');
  const lacksData = checks.some((c) => c.verdict === 'insufficient');
  const outcome: GateOutcome = hasFail
    ? 'fail'
    : !lacksData
      ? 'pass'
      : now.getTime() >= deadlineAt.getTime()
        ? 'inconclusive'
        : 'pending';
  return {
    outcome,
    checks,
    summary: summarize(outcome, checks, groups.length),
    evaluatedAt: now.toISOString(),
    deadlineAt: deadlineAt.toISOString(),
  };
}
