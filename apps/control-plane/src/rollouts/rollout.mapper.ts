import { toBuildRecipe } from '../builds/build.mapper.js';
import type { RolloutProgressPayload } from './rollout-events.service.js';
import type { DeploymentRow, EvaluationRow, RolloutRow, StageRow } from './rollout.repository.js';
import type {
  Deployment,
  DeploymentVerification,
  GateCheckView,
  GateEvaluation,
  Rollout,
  RolloutGatesView,
  RolloutProgressEvent,
  RolloutStage,
  RolloutStageSpec,
} from './dto/rollout.type.js';

type Json = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function toRollout(row: RolloutRow): Rollout {
  const g = row.gates as Json;
  const gates: RolloutGatesView = {
    minReportingDevices: num(g.minReportingDevices) ?? 1,
    minSamplesPerDevice: num(g.minSamplesPerDevice) ?? 1,
    maxLatencyP95Ratio: num(g.maxLatencyP95Ratio) ?? 0,
    maxLatencyP95Ms: num(g.maxLatencyP95Ms),
    maxPowerRatio: num(g.maxPowerRatio) ?? 0,
    enforcePowerBudget: g.enforcePowerBudget === true,
    maxAp50Drop: num(g.maxAp50Drop) ?? 0,
    minAp50: num(g.minAp50),
    maxFailureRate: num(g.maxFailureRate) ?? 0,
    maxOfflineRate: num(g.maxOfflineRate) ?? 0,
    evaluationTimeoutSec: num(g.evaluationTimeoutSec) ?? 0,
  };
  return {
    id: row.id,
    name: row.name,
    modelVersionId: row.modelVersionId,
    recipe: toBuildRecipe(row.recipe),
    powerMode: row.powerMode,
    allowReboot: row.allowReboot,
    state: row.state,
    currentStage: row.currentStage,
    reason: row.reason,
    autoPromote: row.autoPromote,
    maxConcurrent: row.maxConcurrent,
    gates,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    finishedAt: row.finishedAt,
  };
}

export function toStage(row: StageRow, spec: Json | undefined): RolloutStage {
  const s: RolloutStageSpec = {
    percent: num(spec?.percent),
    count: num(spec?.count),
    bakeSec: num(spec?.bakeSec) ?? 0,
  };
  return {
    index: row.idx,
    state: row.state,
    spec: s,
    deviceCount: row.plannedCount,
    startedAt: row.startedAt,
    deployedAt: row.deployedAt,
    bakeUntil: row.bakeUntil,
    deadlineAt: row.deadlineAt,
    finishedAt: row.finishedAt,
    approvedBy: row.approvedBy,
  };
}

export function toDeployment(row: DeploymentRow): Deployment {
  const v = row.verification;
  const verification: DeploymentVerification | null = v
    ? { latencyP95Ms: num(v.latencyP95Ms), fps: num(v.fps), ap50: num(v.ap50) }
    : null;
  return {
    rolloutId: row.rolloutId,
    deviceId: row.deviceId,
    stage: row.stageIdx,
    hardwareClass: row.compatKey,
    state: row.state,
    desiredRev: row.desiredRev,
    rollbackRev: row.rollbackRev,
    previousModelVersionId: str(row.previousModel?.modelVersionId),
    reason: row.reason,
    verification,
    history: Object.entries(row.history)
      .map(([state, at]) => ({ state, at: new Date(at) }))
      .sort((a, b) => a.at.getTime() - b.at.getTime()),
    updatedAt: row.updatedAt,
  };
}

export function toGateEvaluation(row: EvaluationRow): GateEvaluation {
  const report = row.report;
  const checks = Array.isArray(report.checks) ? (report.checks as Json[]) : [];
  return {
    id: String(row.id),
    stage: row.stageIdx,
    outcome: row.outcome,
    summary: str(report.summary) ?? '',
    checks: checks.map((c): GateCheckView => ({
      name: str(c.name) ?? '',
      group: str(c.group),
      canary: num(c.canary),
      baseline: num(c.baseline),
      value: num(c.value),
      threshold: num(c.threshold),
      verdict: str(c.verdict) ?? '',
      reason: str(c.reason),
    })),
    evaluatedAt: row.evaluatedAt,
  };
}

export function toProgressEvent(p: RolloutProgressPayload): RolloutProgressEvent {
  return {
    rolloutId: p.rolloutId,
    state: p.state,
    currentStage: p.currentStage,
    stageState: p.stageState,
    counts: Object.entries(p.counts).map(([state, devices]) => ({ state, devices })),
    message: p.message,
    at: p.at,
  };
}
