import type { WriteRun } from '../children/db-write.js';
import type { BenchContext } from '../lib/context.js';
import { round, startCpuMeter, type CpuReport } from '../lib/proc.js';
import type { BenchmarkOutput } from '../lib/result.js';
import { ratio } from '../lib/stats.js';

/**
 * Rows/s of the telemetry writer's statement (TelemetryRepository.insertBatch, batches of
 * TELEMETRY_BATCH_SIZE one after another) ÷ rows/s of one plain COPY FROM STDIN of the same rows,
 * alternating the order each round and keeping each side's best round.
 */
export async function runDbWrite(ctx: BenchContext): Promise<BenchmarkOutput> {
  const o = ctx.opts.dbWrite;
  const db = await ctx.database();
  const child = await ctx.child({
    name: 'writer',
    script: 'children/db-write.js',
    config: { url: db.url, rows: o.rows, devices: o.devices, sample: ctx.payloads.sample },
    readyTimeoutMs: 120_000,
  });
  const cpu: Record<string, CpuReport> = {};
  const runs: Record<'writer' | 'copy' | 'copyBatched', WriteRun[]> = { writer: [], copy: [], copyBatched: [] };
  const measure = async (method: keyof typeof runs, roundNo: number): Promise<void> => {
    const meter = await startCpuMeter({ 'bench process (node)': child.pid }, db.url);
    const call = (): Promise<WriteRun> => child.call<WriteRun>(method, o.batch, 600_000);
    const r = roundNo === 0 && method !== 'copyBatched' ? await ctx.profiled(child, method, call) : await call();
    cpu[`${method} round ${roundNo + 1}`] = await meter.stop();
    runs[method].push(r);
    ctx.log(`${method}: ${Math.round(r.rows / r.seconds)} rows/s (${r.statements} statements)`);
  };
  for (let i = 0; i < o.rounds; i++) {
    const order: Array<keyof typeof runs> =
      i % 2 === 0 ? ['copy', 'writer', 'copyBatched'] : ['writer', 'copy', 'copyBatched'];
    for (const m of order) await measure(m, i);
  }
  await child.stop();
  const best = (rs: WriteRun[]): number => Math.max(...rs.map((r) => r.rows / r.seconds));
  const writer = round(best(runs.writer));
  const copy = round(best(runs.copy));
  const copyBatched = round(best(runs.copyBatched));
  return {
    measures:
      'Rows per second written by the telemetry writer’s statement (`TelemetryRepository.insertBatch`: one `COPY … FROM STDIN` through pg-copy-streams per batch, batches one after another, as `TelemetryWriter.flush` runs them) ÷ rows per second of one plain `COPY telemetry_samples FROM STDIN` (text format) of the same rows on one connection. Both start from the same in-memory `TelemetryRow` objects, include turning them into bytes, and end when PostgreSQL has committed.',
    parameters: { rows: o.rows, batch: o.batch, devices: o.devices, rounds: o.rounds },
    baseline: { label: 'COPY FROM STDIN, rows per second (best round)', value: copy },
    jetfleet: { label: 'insertBatch (COPY per batch), rows per second (best round)', value: writer },
    ratio: ratio(writer, copy),
    units: 'rows/s',
    target: '≥ 0.5',
    targetMet: ratio(writer, copy) >= 0.5,
    secondary: [
      {
        name: `same statement count: one COPY per ${o.batch} rows`,
        units: 'rows/s',
        baseline: copyBatched,
        jetfleet: writer,
        ratio: ratio(writer, copyBatched),
      },
    ],
    extra: {
      roundsRowsPerSec: Object.fromEntries(
        Object.entries(runs).map(([k, rs]) => [k, rs.map((r) => Math.round(r.rows / r.seconds)).join(' / ')]),
      ),
      profiles: ctx.profiles,
    },
    cpu,
    notes: [
      'The COPY baseline drives COPY FROM STDIN through pg’s own custom-query (Submittable) interface (bench/src/lib/pg-copy.ts), so it shares no code with the writer, which uses pg-copy-streams (the same mechanism).',
    ],
  };
}
