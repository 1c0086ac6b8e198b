import { Queue } from 'bullmq';
import type { RolloutJobStats } from '../children/control-plane.js';
import type { ChildHandle } from '../lib/children.js';
import { sleep } from '../lib/children.js';
import type { BenchContext } from '../lib/context.js';
import { FLEET_KINDS } from '../lib/fleet-kinds.js';
import { graphql } from '../lib/operator.js';
import { deviceId } from '../lib/payloads.js';
import { round, startCpuMeter, type CpuReport } from '../lib/proc.js';
import { startPrivateRedis, type PrivateRedis } from '../lib/redis-server.js';
import type { BenchmarkOutput } from '../lib/result.js';
import { BENCH_RECIPE, registerModelWithEngines, startRolloutControlPlane } from '../lib/rollout-setup.js';
import { ratio } from '../lib/stats.js';
import { queryOnce, waitForCount } from '../lib/wait.js';

/** The control plane's names (apps/control-plane/src/queue/queue.constants.ts). */
const ROLLOUTS_QUEUE = 'rollouts';
const ROLLOUT_STEP = 'rollout-step';
const NOOP_QUEUE = 'bench-noop';
const ROUNDS = 2;
const IDLE_SAMPLE_MS = 3000;

interface Side {
  jobs: number;
  seconds: number;
  commands: number;
  idleCommands: number;
}

/**
 * BullMQ rollout-step jobs per second through the real queue and the control plane's real
 * processor (RolloutController.step on real rollouts, in a worker process) ÷ no-op jobs on a bare
 * BullMQ worker at the same concurrency on the same Redis; Redis commands per job from INFO stats on
 * a Redis of the benchmark's own.
 */
export async function runJobs(ctx: BenchContext): Promise<BenchmarkOutput> {
  const o = ctx.opts.jobs;
  const redis = await startPrivateRedis();
  ctx.defer(() => redis.stop());
  const db = await ctx.database();
  const broker = await ctx.broker();
  ctx.log('starting the control plane (api and worker) on a private Redis');
  const { api, worker, baseUrl } = await startRolloutControlPlane(ctx, db, broker, {
    REDIS_URL: redis.url,
    // The measured jobs are the only rollout jobs: the safety-net tick would add one per rollout.
    ROLLOUT_TICK_MS: '600000',
  });

  const devices = Math.max(FLEET_KINDS.length, o.rollouts * o.devicesPerRollout);
  const prefix = `jb${ctx.runId}`;
  const fleet = await ctx.child({
    name: 'fleet-responder',
    script: 'children/fleet-responder.js',
    config: {
      url: broker.url,
      prefix,
      devices,
      clients: 1,
      facts: ctx.payloads.facts,
      sample: ctx.payloads.sample,
      httpBase: baseUrl,
    },
  });
  await fleet.call('connect');
  await fleet.call('births', null, 120_000);
  const countOf =
    (sql: string, params: unknown[] = []) =>
    async (): Promise<number> =>
      Number((await queryOnce<{ n: string }>(db.url, sql, params))[0]?.n ?? 0);
  const online = await waitForCount(countOf('SELECT count(*) AS n FROM devices WHERE online'), devices, {
    idleMs: 20_000,
    timeoutMs: 120_000,
    intervalMs: 200,
  });
  if (!online.complete) throw new Error(`only ${online.value} of ${devices} devices registered`);
  const modelVersionId = await registerModelWithEngines(
    baseUrl,
    db.url,
    `bench-jobs-${ctx.runId}`,
    FLEET_KINDS.map((_, k) => deviceId(prefix, k)),
  );

  // Real rollouts, each over its own devices, all sent their documents and waiting on devices that
  // never answer: every step then does what most steps of a live rollout do (a device reported):
  // reads the rollout, its stage and deployments and the devices' state, checks timeouts, finds
  // nothing to send.
  await fleet.call('setMode', { answer: false, phases: ['healthy'] });
  ctx.log(`creating ${o.rollouts} rollouts of ${o.devicesPerRollout} devices`);
  const rolloutIds: string[] = [];
  for (let r = 0; r < o.rollouts; r++) {
    const ids = Array.from({ length: o.devicesPerRollout }, (_, i) => deviceId(prefix, r * o.devicesPerRollout + i));
    const created = await graphql<{ createRollout: { id: string } }>(
      baseUrl,
      'mutation ($input: CreateRolloutInput!) { createRollout(input: $input) { id } }',
      {
        input: {
          name: `bench jobs ${r}`,
          modelVersionId,
          recipe: BENCH_RECIPE,
          selector: { deviceIds: ids },
          stages: [{ percent: 100, bakeSec: 0 }],
          maxConcurrent: 1000,
        },
      },
    );
    rolloutIds.push(created.createRollout.id);
  }
  const inFlight = o.rollouts * o.devicesPerRollout;
  const sent = await waitForCount(
    countOf("SELECT count(*) AS n FROM rollout_devices WHERE state = 'downloading'"),
    inFlight,
    { idleMs: 30_000, timeoutMs: 120_000, intervalMs: 200 },
  );
  if (!sent.complete) throw new Error(`only ${sent.value} of ${inFlight} deployments were sent`);

  const concurrency = (await worker.child.call<RolloutJobStats>('rolloutJobs')).concurrency;
  const bare = await ctx.child({
    name: 'noop-worker',
    script: 'children/noop-worker.js',
    config: { redisUrl: redis.url, prefix: api.queuePrefix, queue: NOOP_QUEUE, concurrency },
  });

  const connection = { host: '127.0.0.1', port: Number(new URL(redis.url).port), maxRetriesPerRequest: null };
  const queues = {
    jetfleet: new Queue(ROLLOUTS_QUEUE, { prefix: api.queuePrefix, connection }),
    baseline: new Queue(NOOP_QUEUE, { prefix: api.queuePrefix, connection }),
  };
  ctx.defer(async () => {
    await Promise.all(Object.values(queues).map((q) => q.close()));
  });
  const consumers: Record<keyof typeof queues, ChildHandle> = { jetfleet: worker.child, baseline: bare };
  const sides: Record<keyof typeof queues, Side> = {
    jetfleet: { jobs: 0, seconds: 0, commands: 0, idleCommands: 0 },
    baseline: { jobs: 0, seconds: 0, commands: 0, idleCommands: 0 },
  };
  const cpu: Record<string, CpuReport> = {};
  const perRound = Math.ceil(o.jobs / ROUNDS);
  const stepsBefore = await countOf('SELECT count(*) AS n FROM gate_evaluations')();
  const workerQueries = async (): Promise<number> => (await worker.child.call<{ queries: number }>('stats')).queries;
  let stepQueries = 0;

  const idleRate = await idleCommandRate(redis);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const side of ['jetfleet', 'baseline'] as const) {
      const q = queues[side];
      const consumer = consumers[side];
      await consumer.call('resetRolloutJobs');
      await q.pause();
      // The producer's options (RolloutQueue.step) without its deduplication, which would fold
      // these jobs into one waiting job per rollout.
      for (let start = 0; start < perRound; start += 1000) {
        const n = Math.min(1000, perRound - start);
        await q.addBulk(
          Array.from({ length: n }, (_, i) => ({
            name: ROLLOUT_STEP,
            data: { rolloutId: rolloutIds[(start + i) % rolloutIds.length]! },
            opts: { removeOnComplete: true, removeOnFail: 100 },
          })),
        );
      }
      ctx.log(`${side}: ${perRound} jobs at concurrency ${concurrency} (round ${round})`);
      const meter = await startCpuMeter(
        {
          [side === 'jetfleet' ? 'control-plane worker' : 'no-op worker']: consumer.pid,
          'control-plane api': api.child.pid,
          redis: redis.pid,
        },
        side === 'jetfleet' ? db.url : undefined,
      );
      const q0 = side === 'jetfleet' ? await workerQueries() : 0;
      const c0 = await redis.commandsProcessed();
      const resumedAt = Date.now();
      await q.resume();
      const run = async (): Promise<RolloutJobStats> => {
        const done = await waitForCount(
          async () => (await consumer.call<RolloutJobStats>('rolloutJobs')).completed[ROLLOUT_STEP] ?? 0,
          perRound,
          { idleMs: 30_000, timeoutMs: 300_000, intervalMs: 20 },
        );
        if (!done.complete) throw new Error(`${side}: ${done.value} of ${perRound} jobs completed`);
        return consumer.call<RolloutJobStats>('rolloutJobs');
      };
      const stats =
        side === 'jetfleet' && round === 1
          ? await ctx.profiled(consumer, 'control plane worker, round 1', run)
          : await run();
      const c1 = await redis.commandsProcessed();
      if (side === 'jetfleet') stepQueries += (await workerQueries()) - q0;
      cpu[`${side} round ${round}`] = await meter.stop();
      if (stats.failed) throw new Error(`${side}: ${stats.failed} jobs failed; see the worker's log`);
      const seconds = (stats.lastCompletedAt - resumedAt) / 1000;
      sides[side].jobs += perRound;
      sides[side].seconds += seconds;
      sides[side].commands += c1 - c0;
      sides[side].idleCommands += idleRate * ((Date.now() - resumedAt) / 1000);
    }
  }
  // Steps never judged a gate or moved a deployment: the work was the same in every job.
  const stillInFlight = await countOf("SELECT count(*) AS n FROM rollout_devices WHERE state = 'downloading'")();
  const gateEvaluations = (await countOf('SELECT count(*) AS n FROM gate_evaluations')()) - stepsBefore;
  await bare.stop();
  await ctx.stopControlPlane(worker);
  await ctx.stopControlPlane(api);

  const rate = (s: Side): number => s.jobs / s.seconds;
  const perJob = (s: Side): number => (s.commands - s.idleCommands) / s.jobs;
  const jf = round(rate(sides.jetfleet), 1);
  const base = round(rate(sides.baseline), 1);
  const r = ratio(jf, base);
  return {
    measures:
      'Rollout-step jobs per second through the real BullMQ queue and the control plane’s real processor (RolloutController.step on real rollouts whose devices are converging, in a worker process at the processor’s own concurrency) ÷ jobs per second of a bare BullMQ worker with a no-op processor at the same concurrency on the same Redis. Both drain a queue filled while paused, in alternating rounds.',
    parameters: {
      jobs: sides.jetfleet.jobs,
      rounds: ROUNDS,
      concurrency,
      rollouts: o.rollouts,
      devicesPerRollout: o.devicesPerRollout,
      jobOptions: { removeOnComplete: true, removeOnFail: 100 },
    },
    baseline: { label: 'no-op jobs per second', value: base },
    jetfleet: { label: 'rollout-step jobs per second', value: jf },
    ratio: r,
    units: 'jobs/s',
    target: '≥ 0.5',
    targetMet: r >= 0.5,
    secondary: [
      {
        name: 'Redis commands per job (INFO stats, idle rate subtracted)',
        units: 'commands/job',
        baseline: round(perJob(sides.baseline), 1),
        jetfleet: round(perJob(sides.jetfleet), 1),
        ratio: ratio(perJob(sides.jetfleet), perJob(sides.baseline)),
      },
    ],
    extra: {
      redisCommandsPerJobRaw: {
        baseline: round(sides.baseline.commands / sides.baseline.jobs, 1),
        jetfleet: round(sides.jetfleet.commands / sides.jetfleet.jobs, 1),
      },
      redisIdleCommandsPerSecond: round(idleRate, 1),
      sqlStatementsPerStep: round(stepQueries / Math.max(1, sides.jetfleet.jobs), 1),
      deploymentsStillInFlight: stillInFlight,
      gateEvaluationsDuringSteps: gateEvaluations,
      profiles: ctx.profiles,
    },
    cpu,
    notes: [
      'Redis is a redis-server of the benchmark’s own, so INFO stats counts only the benchmark’s processes; commands run inside BullMQ’s Lua scripts are counted too. The control plane’s other job schedulers keep running; their idle command rate, measured for 3 s before the rounds, is subtracted.',
      'ROLLOUT_TICK_MS is raised to 10 minutes so the safety-net tick adds no jobs of its own; the jobs carry the producer’s options without its per-rollout deduplication, which would fold them into one waiting job per rollout.',
    ],
  };
}

/** Commands per second the services send while nothing is measured (job schedulers, blocking waits). */
async function idleCommandRate(redis: PrivateRedis): Promise<number> {
  const c0 = await redis.commandsProcessed();
  const t0 = Date.now();
  await sleep(IDLE_SAMPLE_MS);
  return ((await redis.commandsProcessed()) - c0 - 1) / ((Date.now() - t0) / 1000);
}
