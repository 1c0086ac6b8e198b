// Runs the benchmarks of issue #8 and writes bench/results/latest.{json,md}. Started by bench/run.mjs.
import { execSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { runAgent } from './benchmarks/agent.js';
import { runApi } from './benchmarks/api.js';
import { runConnectStorm } from './benchmarks/connect-storm.js';
import { runDbWrite } from './benchmarks/db-write.js';
import { runIngest } from './benchmarks/ingest.js';
import { runJobs } from './benchmarks/jobs.js';
import { runRolloutFanout } from './benchmarks/rollout-fanout.js';
import { killAllChildren } from './lib/children.js';
import { BenchContext } from './lib/context.js';
import { PROFILE_DIR } from './lib/control-plane.js';
import { NOT_BUILT, UsageError, USAGE, parseOptions, type BenchmarkName } from './lib/options.js';
import { realisticPayloads } from './lib/payloads.js';
import { machineInfo } from './lib/proc.js';
import { killPrivateRedises } from './lib/redis-server.js';
import { writeReport } from './lib/report.js';
import type { BenchmarkOutput, BenchmarkResult } from './lib/result.js';
import {
  PG_ADMIN_URL,
  createTemplate,
  dropAllDatabases,
  dropAllRedisPrefixes,
  ensureServices,
  stopAllBrokers,
} from './lib/services.js';

const BENCHMARKS: Record<BenchmarkName, (ctx: BenchContext) => Promise<BenchmarkOutput>> = {
  ingest: runIngest,
  'db-write': runDbWrite,
  'rollout-fanout': runRolloutFanout,
  'connect-storm': runConnectStorm,
  api: runApi,
  jobs: runJobs,
  agent: runAgent,
};

const TARGETS: Record<string, string> = {
  'rollout-fanout': '≥ 0.5 and ≥ 10,000 devices/min; gate-to-next-stage p99 ≤ 1 s',
  jobs: '≥ 0.5',
};

let cleaningUp: Promise<void> | null = null;
function cleanupAll(): Promise<void> {
  cleaningUp ??= (async () => {
    await killAllChildren();
    killPrivateRedises();
    await stopAllBrokers();
    await dropAllDatabases();
    await dropAllRedisPrefixes();
  })();
  return cleaningUp;
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping the benchmark processes and dropping the benchmark databases…`);
    void cleanupAll().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  let opts;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  if (opts.names.length === 0) {
    console.log('nothing to measure; bench/results/ left as it was');
    return 0;
  }
  const problems = await ensureServices();
  try {
    execSync('command -v mosquitto', { stdio: 'ignore', shell: '/bin/bash' });
  } catch {
    problems.push('mosquitto is not installed (apt-get install mosquitto); each benchmark runs its own broker');
  }
  if (problems.length) {
    console.error(problems.join('\n'));
    return 1;
  }
  const started = new Date();
  const runId = `${started.getTime().toString(36)}${process.pid.toString(36)}`;
  const machine = await machineInfo(PG_ADMIN_URL);
  console.log(
    `jetfleet benchmarks: ${opts.names.join(', ') || '(none)'}; size ${opts.size}; ${machine.nproc} CPUs, ` +
      `${machine.memoryGiB} GiB, Node ${machine.node}, load average ${machine.loadAverage1m}`,
  );
  if (opts.profile) rmSync(PROFILE_DIR, { recursive: true, force: true });
  const results: BenchmarkResult[] = [];
  try {
    const template = await createTemplate(runId);
    const payloads = await realisticPayloads();
    for (const name of opts.names) {
      console.log(`\n▶ ${name}`);
      const ctx = new BenchContext(name, opts, runId, template.name, payloads);
      const t0 = performance.now();
      try {
        const out = await BENCHMARKS[name](ctx);
        results.push({ name, status: 'ok', durationSec: (performance.now() - t0) / 1000, ...out });
        const r = results.at(-1)!;
        console.log(
          `  ${name}: baseline ${r.baseline?.value} / jetfleet ${r.jetfleet?.value} ${r.units} → ratio ${r.ratio} (target ${r.target})`,
        );
      } catch (err) {
        const e = err as Error;
        console.error(`  ${name} failed: ${e.stack ?? e.message}`);
        results.push({
          name,
          status: 'failed',
          measures: '',
          parameters: {},
          baseline: null,
          jetfleet: null,
          ratio: null,
          units: '',
          target: '',
          targetMet: null,
          secondary: [],
          extra: {},
          cpu: {},
          notes: [],
          error: e.message,
          durationSec: (performance.now() - t0) / 1000,
        });
      } finally {
        await ctx.cleanup();
      }
    }
  } finally {
    await cleanupAll();
  }
  for (const [name, why] of Object.entries(NOT_BUILT)) {
    results.push({
      name,
      status: 'not-built',
      measures: '',
      parameters: {},
      baseline: null,
      jetfleet: null,
      ratio: null,
      units: '',
      target: TARGETS[name] ?? '',
      targetMet: null,
      secondary: [],
      extra: {},
      cpu: {},
      notes: [`${why}; it is added when that capability lands.`],
      durationSec: 0,
    });
  }
  const finished = new Date();
  const files = writeReport({
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationSec: (finished.getTime() - started.getTime()) / 1000,
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    size: opts.size,
    machine,
    benchmarks: results,
  });
  console.log(
    `\nwrote ${files.json} and ${files.md} (${Math.round((finished.getTime() - started.getTime()) / 1000)} s)`,
  );
  return results.some((r) => r.status === 'failed') ? 1 : 0;
}

// Exit explicitly: a benchmark that failed half-way may leave a socket or timer behind.
process.exit(
  await main().catch(async (err: Error) => {
    console.error(err.stack ?? err.message);
    await cleanupAll();
    return 1;
  }),
);
