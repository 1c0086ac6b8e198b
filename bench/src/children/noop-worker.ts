// The baseline of the jobs benchmark: a bare BullMQ worker at the rollout processor's concurrency,
// on the same Redis, whose processor does nothing. It counts completions from its own events,
// exactly as the control plane child counts the real worker's.
import { Worker } from 'bullmq';
import type { RolloutJobStats } from './control-plane.js';
import { childConfig, serve } from '../lib/ipc.js';

interface Config {
  redisUrl: string;
  prefix: string;
  queue: string;
  concurrency: number;
}

const cfg = childConfig<Config>();
const url = new URL(cfg.redisUrl);
const worker = new Worker(cfg.queue, () => Promise.resolve(null), {
  prefix: cfg.prefix,
  concurrency: cfg.concurrency,
  connection: { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null },
});
const jobs: RolloutJobStats = {
  completed: {},
  failed: 0,
  firstCompletedAt: 0,
  lastCompletedAt: 0,
  concurrency: cfg.concurrency,
};
worker.on('completed', (job) => {
  const now = Date.now();
  if (jobs.firstCompletedAt === 0) jobs.firstCompletedAt = now;
  jobs.lastCompletedAt = now;
  jobs.completed[job.name] = (jobs.completed[job.name] ?? 0) + 1;
});
worker.on('failed', () => {
  jobs.failed++;
});
await worker.waitUntilReady();

serve({
  rolloutJobs: () => jobs,
  resetRolloutJobs: () => {
    Object.assign(jobs, { completed: {}, failed: 0, firstCompletedAt: 0, lastCompletedAt: 0 });
  },
  stop: async () => {
    await worker.close();
  },
});
