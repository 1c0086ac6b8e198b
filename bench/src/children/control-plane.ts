// The real control plane (built `dist/`, role from BENCH_CONFIG) in its own process, as `npm start`
// runs it, plus a measuring channel for the runner: telemetry writer and ingest counters, the
// pool's QueryCounter, and the commit time of every telemetry row (publish-to-commit latency).
import type { TelemetryRow } from '../../../apps/control-plane/src/telemetry/telemetry-row.js';
import { childConfig, serve } from '../lib/ipc.js';
import { importRepo } from '../lib/paths.js';
import { profilerHandlers } from '../lib/profiler.js';
import { NumberList, summarize } from '../lib/stats.js';

interface Config {
  role: 'api' | 'all';
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

const { role } = childConfig<Config>();
const { app } = await startControlPlane(role);
const writer = app.get(TelemetryWriter);
const repo = app.get(TelemetryRepository);
const counter = app.get(QueryCounter);
const ingest = app.get(IngestStatsService);

// Every row's `ts` is its publish time (the load generator stamps it), so now − ts after the
// INSERT resolved is publish-to-commit. The wrapper costs one subtraction per row.
const latencies = new NumberList();
let lastCommitAt = 0;
const insertBatch = repo.insertBatch.bind(repo);
repo.insertBatch = async (rows: TelemetryRow[]): Promise<void> => {
  await insertBatch(rows);
  const now = Date.now();
  lastCommitAt = now;
  for (const r of rows) latencies.push(now - r.ts.getTime());
};

serve(
  {
    stats: () => ({
      writer: writer.snapshot(),
      ingest: ingest.snapshot(),
      queries: counter.count,
      lastCommitAt,
      memory: process.memoryUsage(),
    }),
    ...profilerHandlers,
    resetLatency: () => latencies.clear(),
    latency: () => summarize(latencies.values()),
    stop: async () => {
      await app.close();
    },
  },
  { port: Number(process.env.PORT) },
);
