// The real control plane (built `dist/`, role from BENCH_CONFIG) in its own process, as `npm start`
// runs it, plus a measuring channel for the runner: telemetry writer and ingest counters, the
// pool's QueryCounter, the commit time of every telemetry row (publish-to-commit latency) and, in
// processes that run workers, the rollout jobs completed (counted from the BullMQ worker's events).
import type { TelemetryRow } from '../../../apps/control-plane/src/telemetry/telemetry-row.js';
import { childConfig, serve } from '../lib/ipc.js';
import { importRepo } from '../lib/paths.js';
import { profilerHandlers } from '../lib/profiler.js';
import { NumberList, summarize } from '../lib/stats.js';

interface Config {
  role: 'api' | 'all' | 'worker';
}

export interface RolloutJobStats {
  /** Completed jobs of the rollouts queue by job name. */
  completed: Record<string, number>;
  failed: number;
  firstCompletedAt: number;
  lastCompletedAt: number;
  concurrency: number;
}

const dist = 'apps/control-plane/dist';
const { startControlPlane } = await importRepo<typeof import('../../../apps/control-plane/src/bootstrap.js')>(
  `${dist}/bootstrap.js`,
);
const { TelemetryWriter } = await importRepo<
  typeof import('../../../apps/control-plane/src/telemetry/telemetry-writer.service.js')
>(`${dist}/telemetry/telemetry-writer.service.js`);
const { TelemetryRepository } = await importRepo<
  typeof import('../../../apps/control-plane/src/telemetry/telemetry.repository.js')
>(`${dist}/telemetry/telemetry.repository.js`);
const { QueryCounter } = await importRepo<typeof import('../../../apps/control-plane/src/database/query-counter.js')>(
  `${dist}/database/query-counter.js`,
);
const { IngestStatsService } = await importRepo<
  typeof import('../../../apps/control-plane/src/ingest/ingest-stats.service.js')
>(`${dist}/ingest/ingest-stats.service.js`);

const { RolloutProcessor } = await importRepo<
  typeof import('../../../apps/control-plane/src/rollouts/jobs/rollout.processor.js')
>(`${dist}/rollouts/jobs/rollout.processor.js`);

const { role } = childConfig<Config>();
const { app } = await startControlPlane(role);
// A worker has no ingest or telemetry writer; an api process runs no BullMQ processors.
const api = role !== 'worker';
const writer = api ? app.get(TelemetryWriter) : null;
const repo = api ? app.get(TelemetryRepository) : null;
const counter = app.get(QueryCounter);
const ingest = api ? app.get(IngestStatsService) : null;

// Every row's `ts` is its publish time (the load generator stamps it), so now − ts after the
// INSERT resolved is publish-to-commit. The wrapper costs one subtraction per row.
const latencies = new NumberList();
let lastCommitAt = 0;
if (repo) {
  const insertBatch = repo.insertBatch.bind(repo);
  repo.insertBatch = async (rows: TelemetryRow[]): Promise<void> => {
    await insertBatch(rows);
    const now = Date.now();
    lastCommitAt = now;
    for (const r of rows) latencies.push(now - r.ts.getTime());
  };
}

// The worker's own events: no Redis round trip is added to count them.
const processor = role === 'api' ? null : app.get(RolloutProcessor);
const jobs: RolloutJobStats = {
  completed: {},
  failed: 0,
  firstCompletedAt: 0,
  lastCompletedAt: 0,
  concurrency: processor?.worker.concurrency ?? 0,
};
processor?.worker.on('completed', (job) => {
  const now = Date.now();
  if (jobs.firstCompletedAt === 0) jobs.firstCompletedAt = now;
  jobs.lastCompletedAt = now;
  jobs.completed[job.name] = (jobs.completed[job.name] ?? 0) + 1;
});
processor?.worker.on('failed', () => {
  jobs.failed++;
});

serve(
  {
    stats: () => ({
      writer: writer?.snapshot() ?? null,
      ingest: ingest?.snapshot() ?? null,
      queries: counter.count,
      lastCommitAt,
      memory: process.memoryUsage(),
    }),
    ...profilerHandlers,
    resetLatency: () => latencies.clear(),
    rolloutJobs: () => jobs,
    resetRolloutJobs: () => {
      Object.assign(jobs, { completed: {}, failed: 0, firstCompletedAt: 0, lastCompletedAt: 0 });
    },
    latency: () => summarize(latencies.values()),
    stop: async () => {
      await app.close();
    },
  },
  { port: Number(process.env.PORT) },
);
