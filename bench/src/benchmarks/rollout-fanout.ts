import type { RolloutJobStats } from '../children/control-plane.js';
import type { BarePublishResult } from '../children/desired-publisher.js';
import type { ResponderStats } from '../children/fleet-responder.js';
import type { BenchContext } from '../lib/context.js';
import { FLEET_KINDS } from '../lib/fleet-kinds.js';
import { graphql } from '../lib/operator.js';
import { deviceId } from '../lib/payloads.js';
import { round, startCpuMeter, type CpuReport } from '../lib/proc.js';
import type { BenchmarkOutput } from '../lib/result.js';
import { BENCH_RECIPE, registerModelWithEngines, startRolloutControlPlane } from '../lib/rollout-setup.js';
import { ratio, summarize } from '../lib/stats.js';
import { queryOnce, waitForCount } from '../lib/wait.js';

const TERMINAL = ['completed', 'failed', 'paused', 'rolled_back', 'aborted', 'awaiting_approval'];

interface StageRow {
  idx: number;
  state: string;
  planned_count: number | null;
  started_at: Date | null;
  deployed_at: Date | null;
  finished_at: Date | null;
}

/**
 * Devices reaching a new desired state per minute in a staged rollout (real api + worker processes,
 * gates judged on telemetry) ÷ a bare mqtt.js loop publishing the same retained QoS 1 documents to
 * the same simulated fleet on the same broker. Also: time from a passed gate to the next stage's
 * first document at a device.
 */
export async function runRolloutFanout(ctx: BenchContext): Promise<BenchmarkOutput> {
  const o = ctx.opts.fanout;
  const db = await ctx.database();
  const broker = await ctx.broker();
  ctx.log('starting the control plane: api and worker processes');
  const { api, worker, baseUrl } = await startRolloutControlPlane(ctx, db, broker);

  const prefix = `rf${ctx.runId}`;
  const fleet = await ctx.child({
    name: 'fleet-responder',
    script: 'children/fleet-responder.js',
    config: {
      url: broker.url,
      prefix,
      devices: o.devices,
      clients: o.clients,
      facts: ctx.payloads.facts,
      sample: ctx.payloads.sample,
      httpBase: baseUrl,
    },
  });
  await fleet.call('connect');
  ctx.log(`registering ${o.devices} simulated devices (births over ${o.clients} connections)`);
  await fleet.call('births', null, 300_000);
  const online = await waitForCount(
    async () =>
      Number((await queryOnce<{ n: string }>(db.url, 'SELECT count(*) AS n FROM devices WHERE online'))[0]?.n ?? 0),
    o.devices,
    { idleMs: 20_000, timeoutMs: 240_000, intervalMs: 250 },
  );
  if (!online.complete) throw new Error(`only ${online.value} of ${o.devices} devices registered`);

  ctx.log('model upload, registration and one engine build per class (before the clock)');
  const builders = FLEET_KINDS.map((_, k) => deviceId(prefix, k));
  const modelVersionId = await registerModelWithEngines(baseUrl, db.url, `bench-yolo-${ctx.runId}`, builders);

  // ── jetfleet: one staged rollout over the whole fleet ──
  await fleet.call('setMode', { answer: true, phases: o.reports === 'agent' ? AGENT_PHASES : ['healthy'] });
  await fleet.call('reset');
  await fleet.call('telemetry', { everyMs: 200 });
  const stages = o.stages.map((percent) => ({ percent, bakeSec: 0 }));
  const gates = {
    minSamplesPerDevice: 1,
    minReportingDevices: 1,
    enforcePowerBudget: false,
    evaluationTimeoutSec: 120,
  };
  const cpu: Record<string, CpuReport> = {};
  const pids = {
    'control-plane api': api.child.pid,
    'control-plane worker': worker.child.pid,
    fleet: fleet.pid,
    broker: broker.pid,
  };
  ctx.log(`rollout over ${o.devices} devices, stages ${o.stages.join('/')} %, maxConcurrent ${o.maxConcurrent}`);
  const queries = async (): Promise<{ api: number; worker: number }> => ({
    api: (await api.child.call<{ queries: number }>('stats')).queries,
    worker: (await worker.child.call<{ queries: number }>('stats')).queries,
  });
  const q0 = await queries();
  await worker.child.call('resetRolloutJobs');
  const meter = await startCpuMeter(pids, db.url);
  const t0 = Date.now();
  const created = await graphql<{ createRollout: { id: string } }>(
    baseUrl,
    `
      mutation ($input: CreateRolloutInput!) {
        createRollout(input: $input) {
          id
        }
      }
    `,
    {
      input: {
        name: 'bench rollout',
        modelVersionId,
        recipe: BENCH_RECIPE,
        selector: { allDevices: true },
        stages,
        gates,
        maxConcurrent: o.maxConcurrent,
      },
    },
  );
  const rolloutId = created.createRollout.id;
  const state = async (): Promise<string> =>
    (await queryOnce<{ state: string }>(db.url, 'SELECT state FROM rollouts WHERE id = $1', [rolloutId]))[0]?.state ??
    '';
  const healthy = async (): Promise<number> =>
    Number(
      (
        await queryOnce<{ n: string }>(
          db.url,
          "SELECT count(*) AS n FROM rollout_devices WHERE rollout_id = $1 AND state = 'healthy'",
          [rolloutId],
        )
      )[0]?.n ?? 0,
    );
  const deadline = t0 + o.timeoutSec * 1000;
  let finalState = '';
  let lastLog = 0;
  const phase = async (): Promise<void> => {
    while (Date.now() < deadline) {
      finalState = await state();
      if (TERMINAL.includes(finalState)) return;
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        ctx.log(`  ${finalState}: ${await healthy()} healthy after ${round((Date.now() - t0) / 1000, 1)} s`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await ctx.profiled(worker.child, 'control plane worker, rollout', () =>
    ctx.profiled(api.child, 'control plane api, rollout', phase),
  );
  cpu['jetfleet rollout'] = await meter.stop();
  const q1 = await queries();
  const steps = await worker.child.call<RolloutJobStats>('rolloutJobs');
  await fleet.call('telemetry', { everyMs: null });

  const summary = (
    await queryOnce<{
      healthy: string;
      total: string;
      last_healthy: Date | null;
      finished_at: Date | null;
      reason: string | null;
    }>(
      db.url,
      `SELECT count(*) FILTER (WHERE d.state = 'healthy') AS healthy, count(*) AS total,
              max(d.updated_at) FILTER (WHERE d.state = 'healthy') AS last_healthy, r.finished_at, r.reason
         FROM rollouts r LEFT JOIN rollout_devices d ON d.rollout_id = r.id WHERE r.id = $1
        GROUP BY r.finished_at, r.reason`,
      [rolloutId],
    )
  )[0];
  const reached = Number(summary?.healthy ?? 0);
  if (finalState !== 'completed' || reached !== o.devices) {
    const counts = await queryOnce(
      db.url,
      'SELECT stage_idx, state, count(*)::int AS n FROM rollout_devices WHERE rollout_id = $1 GROUP BY 1, 2 ORDER BY 1, 2',
      [rolloutId],
    );
    throw new Error(
      `rollout ended ${finalState || 'unfinished'} (${summary?.reason ?? 'no reason'}) with ${reached} of ${o.devices} healthy: ${JSON.stringify(counts)}`,
    );
  }
  // The rollout's own end (its last gate passed, every device committed healthy). A deployment's
  // updated_at is stamped when its report arrives, before a busy api commits it, so the last one
  // would stop the clock early.
  const finishedAt = (summary?.finished_at ?? new Date()).getTime();
  const rolloutSec = (finishedAt - t0) / 1000;
  const jfPerMin = (reached / rolloutSec) * 60;

  // Gate passed → the next stage's first document at a device.
  const stageRows = await queryOnce<StageRow>(
    db.url,
    'SELECT idx, state, planned_count, started_at, deployed_at, finished_at FROM rollout_stages WHERE rollout_id = $1 ORDER BY idx',
    [rolloutId],
  );
  const passes = await queryOnce<{ stage_idx: number; evaluated_at: Date }>(
    db.url,
    "SELECT stage_idx, evaluated_at FROM gate_evaluations WHERE rollout_id = $1 AND outcome = 'pass' ORDER BY stage_idx",
    [rolloutId],
  );
  const evaluations = Number(
    (
      await queryOnce<{ n: string }>(db.url, 'SELECT count(*) AS n FROM gate_evaluations WHERE rollout_id = $1', [
        rolloutId,
      ])
    )[0]?.n ?? 0,
  );
  const stageOf = new Map(
    (
      await queryOnce<{ device_id: string; stage_idx: number }>(
        db.url,
        'SELECT device_id, stage_idx FROM rollout_devices WHERE rollout_id = $1',
        [rolloutId],
      )
    ).map((r) => [r.device_id, r.stage_idx]),
  );
  const receipts = await fleet.call<Record<string, number>>('receipts');
  const firstDocAt = new Map<number, number>();
  for (const [id, at] of Object.entries(receipts)) {
    const s = stageOf.get(id);
    if (s !== undefined && at < (firstDocAt.get(s) ?? Infinity)) firstDocAt.set(s, at);
  }
  const gateToPublish: number[] = [];
  const perStage = stageRows.map((s) => {
    const pass = passes.find((p) => p.stage_idx === s.idx)?.evaluated_at.getTime() ?? null;
    const nextFirst = firstDocAt.get(s.idx + 1) ?? null;
    const gap = pass !== null && nextFirst !== null ? nextFirst - pass : null;
    if (gap !== null) gateToPublish.push(gap);
    const ms = (a: Date | null, b: Date | number | null): number | null =>
      a && b !== null ? (typeof b === 'number' ? b : b.getTime()) - a.getTime() : null;
    return {
      stage: s.idx,
      percent: o.stages[s.idx],
      devices: s.planned_count,
      startToFirstDocMs: ms(s.started_at, firstDocAt.get(s.idx) ?? null),
      deployingMs: ms(s.started_at, s.deployed_at),
      deployedToPassedMs: ms(s.deployed_at, pass),
      passToNextStageFirstDocMs: gap,
    };
  });
  const deployingSec = perStage.reduce((n, s) => n + (s.deployingMs ?? 0), 0) / 1000;
  const jfStats = await fleet.call<ResponderStats>('stats');
  const cpStats = await api.child.call<{ ingest: { rejected: Record<string, number> } | null }>('stats');
  await ctx.stopControlPlane(worker);
  await ctx.stopControlPlane(api);

  // ── baseline: the same documents, published by a bare loop, to the same fleet ──
  const bare = await ctx.child({
    name: 'desired-publisher',
    script: 'children/desired-publisher.js',
    config: { url: broker.url },
  });
  const collected = await bare.call<{ collected: number; bytes: number }>(
    'collect',
    { expected: o.devices, timeoutMs: 60_000 },
    90_000,
  );
  if (collected.collected !== o.devices)
    throw new Error(`the broker retained ${collected.collected} of ${o.devices} desired documents`);
  await fleet.call('reset');
  ctx.log(`bare loop: ${collected.collected} retained QoS 1 documents, ${o.bareWindow} in flight`);
  const bareMeter = await startCpuMeter({ 'bare publisher': bare.pid, fleet: fleet.pid, broker: broker.pid });
  const pub = await bare.call<BarePublishResult>('run', { window: o.bareWindow, timeoutMs: 240_000 }, 270_000);
  const answered = await waitForCount(async () => (await fleet.call<ResponderStats>('stats')).answered, pub.published, {
    idleMs: 15_000,
    timeoutMs: 240_000,
    intervalMs: 50,
  });
  cpu['baseline bare loop'] = await bareMeter.stop();
  const bareStats = await fleet.call<ResponderStats>('stats');
  if (!answered.complete)
    throw new Error(`the fleet answered ${bareStats.answered} of ${pub.published} bare documents`);
  const bareSec = (Math.max(bareStats.lastAnsweredAt, bareStats.lastReceivedAt) - pub.startedAt) / 1000;
  const barePerMin = (bareStats.answered / bareSec) * 60;

  const jf = round(jfPerMin);
  const base = round(barePerMin);
  const gate = summarize(gateToPublish);
  const r = ratio(jf, base);
  return {
    measures:
      'Devices per minute that reach a new desired state (deployment healthy in PostgreSQL, from the createRollout request to the last healthy device) in a staged rollout with gates, run by the real control plane (api + worker processes) over a simulated fleet that answers each document as an agent does ÷ devices per minute that receive the same retained QoS 1 documents (the same bytes, read back from the broker) from a bare mqtt.js loop and answer them, on the same broker with the same fleet.',
    parameters: {
      devices: o.devices,
      qos: 1,
      stagesPercent: o.stages,
      bakeSec: 0,
      maxConcurrent: o.maxConcurrent,
      gates,
      reportsPerDocument: o.reports === 'agent' ? AGENT_PHASES.length : 1,
      fleetConnections: o.clients,
      hardwareKinds: FLEET_KINDS.map((k) => k.module),
      bareWindow: o.bareWindow,
      documentBytes: {
        mean: round(jfStats.bytes.total / Math.max(1, jfStats.received)),
        min: jfStats.bytes.min,
        max: jfStats.bytes.max,
      },
    },
    baseline: { label: 'bare loop, devices per minute', value: base },
    jetfleet: { label: 'staged rollout, devices per minute', value: jf },
    ratio: r,
    units: 'devices/min',
    target: '≥ 0.5 and ≥ 10,000 devices/min; gate-to-next-stage p99 ≤ 1 s',
    targetMet: r >= 0.5 && jf >= 10_000 && gate.p99 <= 1000,
    secondary: [
      {
        name: 'devices per minute while stages deploy (gate waits left out)',
        units: 'devices/min',
        baseline: base,
        jetfleet: round((reached / deployingSec) * 60),
        ratio: ratio((reached / deployingSec) * 60, barePerMin),
      },
    ],
    extra: {
      rolloutSeconds: round(rolloutSec, 2),
      rolloutState: finalState,
      devicesHealthy: reached,
      gateToNextStageFirstDocumentMs: { ...gate, samples: gateToPublish.map((v) => Math.round(v)) },
      gateEvaluations: evaluations,
      rolloutJobsCompleted: steps.completed,
      sqlStatementsPerDevice: {
        api: round((q1.api - q0.api) / o.devices, 1),
        worker: round((q1.worker - q0.worker) / o.devices, 1),
      },
      stages: perStage,
      baselineSeconds: round(bareSec, 2),
      barePublishFailures: pub.failed,
      fleet: {
        jetfleetPhase: {
          documents: jfStats.received,
          reportsAcked: jfStats.answered,
          telemetrySent: jfStats.telemetrySent,
          jobs: jfStats.jobs,
        },
        baselinePhase: { documents: bareStats.received, reportsAcked: bareStats.answered },
      },
      ingestRejected: cpStats.ingest?.rejected ?? {},
      profiles: ctx.profiles,
    },
    cpu,
    notes: [
      `The clock runs from the createRollout request to the commit of the last device's healthy state; it includes each stage's gate judgement (at least one RECHECK_MS of 1 s, since a stage's telemetry window opens when it is deployed). Engines were built per class before it started.`,
      'The fleet answers each document with one report per phase (--fanout-reports agent sends downloading, activating, verifying and healthy, as the real agent does) and sends telemetry from the two most recently healthy devices of each kind every 200 ms: the gates need one sample per canary cohort.',
    ],
  };
}

const AGENT_PHASES = ['downloading', 'activating', 'verifying', 'healthy'] as const satisfies readonly string[];
