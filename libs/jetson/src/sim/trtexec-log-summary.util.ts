import { trtAtLeast, type TrtVersion } from '../trtexec-args/trt-version.util.js';
import type { SimTrtexecTiming } from './sim-trtexec-log.types.js';
import { formatG6, summarize } from './sim-trtexec-stats.util.js';
import type { TrtexecLogWriter } from './trtexec-log-writer.util.js';

export interface TrtexecRunTotals {
  readonly queries: number;
  readonly walltimeS: number;
  readonly throughputQps: number;
}

/**
 * Inference, trace averages and `=== Performance summary ===` (reference §5.1–5.2). Consistency rules: total GPU
 * compute = Σ GPU time; qps = N / walltime; 8.0–8.3 run sequentially (walltime ≈ Σ host latency), 8.4+ overlap
 * copies (walltime ≈ Σ GPU time).
 */
export function writeTrtexecInference(
  log: TrtexecLogWriter,
  version: TrtVersion,
  timing: SimTrtexecTiming,
  noDataTransfers: boolean,
): TrtexecRunTotals {
  const n = timing.gpuMs.length;
  const copies = (xs: readonly number[]): number[] => timing.gpuMs.map((_, i) => (noDataTransfers ? 0 : (xs[i] ?? 0)));
  const h2d = copies(timing.h2dMs);
  const d2h = copies(timing.d2hMs);
  const latency = timing.gpuMs.map((gpu, i) => (h2d[i] ?? 0) + gpu + (d2h[i] ?? 0));
  const overlap = trtAtLeast(version, 8, 4);
  const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);
  // A little host-side slack between queries keeps walltime just above the pure compute sum.
  const walltimeS = ((overlap ? sum(timing.gpuMs) : sum(latency)) * 1.002 + 0.05) / 1000;
  const gpuTotalS = sum(timing.gpuMs) / 1000;
  const warmupMs = 200;

  log.info('Starting inference');
  log.advance(warmupMs / 1000);
  log.info(`Warmup completed ${timing.warmupQueries} queries over ${warmupMs} ms`);
  log.advance(walltimeS);
  log.info(`Timing trace has ${n} queries over ${formatG6(walltimeS)} s`);
  log.info('');
  log.info('=== Trace details ===');
  log.info('Trace averages of 10 runs:');
  const mean = (xs: readonly number[], from: number): number => sum(xs.slice(from, from + 10)) / 10;
  const endToEnd = latency.map((l) => l * 1.02);
  for (let i = 0; i + 10 <= n; i += 10) {
    const head = `Average on 10 runs - GPU latency: ${formatG6(mean(timing.gpuMs, i))} ms - Host latency: ${formatG6(mean(latency, i))} ms`;
    log.info(
      trtAtLeast(version, 8, 5)
        ? `${head} (enqueue ${formatG6(mean(timing.enqueueMs, i))} ms)`
        : `${head} (end to end ${formatG6(mean(endToEnd, i))} ms, enqueue ${formatG6(mean(timing.enqueueMs, i))} ms)`,
    );
  }
  log.info('');
  log.info('=== Performance summary ===');
  const throughputQps = n / walltimeS;
  log.info(`Throughput: ${formatG6(throughputQps)} qps`);
  const percentiles = trtAtLeast(version, 8, 5) ? [90, 95, 99] : [99];
  const stats = (name: string, xs: readonly number[]): void => {
    const s = summarize(xs);
    const pct = percentiles.map((p) => `percentile(${p}%) = ${formatG6(s.percentile(p))} ms`).join(', ');
    log.info(
      `${name}: min = ${formatG6(s.min)} ms, max = ${formatG6(s.max)} ms, mean = ${formatG6(s.mean)} ms, median = ${formatG6(s.median)} ms, ${pct}`,
    );
  };
  stats('Latency', latency);
  if (!trtAtLeast(version, 8, 5)) stats('End-to-End Host Latency', endToEnd);
  stats('Enqueue Time', timing.enqueueMs);
  stats('H2D Latency', h2d);
  stats('GPU Compute Time', timing.gpuMs);
  stats('D2H Latency', d2h);
  log.info(`Total Host Walltime: ${formatG6(walltimeS)} s`);
  log.info(`Total GPU Compute Time: ${formatG6(gpuTotalS)} s`);
  const gpu = summarize(timing.gpuMs);
  const sd = Math.sqrt(sum(timing.gpuMs.map((x) => (x - gpu.mean) ** 2)) / Math.max(1, n));
  const cv = (100 * sd) / gpu.mean;
  if (trtAtLeast(version, 8, 4) && cv > 1) {
    log.warn(`* GPU compute time is unstable, with coefficient of variance = ${formatG6(cv)}%.`);
    log.warn('  If not already in use, locking GPU clock frequency or adding --useSpinWait may improve the stability.');
  }
  log.info('Explanations of the performance metrics are printed in the verbose logs.');
  log.info('');
  return { queries: n, walltimeS, throughputQps };
}
