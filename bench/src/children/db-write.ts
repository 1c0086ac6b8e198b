// The telemetry writer's SQL next to a plain COPY of the same rows, on one connection each, in a
// process of their own so their CPU can be told apart from PostgreSQL's.
import 'reflect-metadata';
import type { TelemetrySample } from '@jetfleet/protocol';
import pg from 'pg';
import type { TelemetryRow } from '../../../apps/control-plane/src/telemetry/telemetry-row.js';
import { childConfig, serve } from '../lib/ipc.js';
import { importRepo } from '../lib/paths.js';
import { CopyFromStdin, copyText } from '../lib/pg-copy.js';
import { profilerHandlers } from '../lib/profiler.js';

interface Config {
  url: string;
  rows: number;
  devices: number;
  sample: TelemetrySample;
}

export interface WriteRun {
  rows: number;
  seconds: number;
  statements: number;
}

const dist = 'apps/control-plane/dist/telemetry';
const { TelemetryRepository } = await importRepo<
  typeof import('../../../apps/control-plane/src/telemetry/telemetry.repository.js')
>(`${dist}/telemetry.repository.js`);
const { toTelemetryRow } = await importRepo<
  typeof import('../../../apps/control-plane/src/telemetry/telemetry-row.js')
>(`${dist}/telemetry-row.js`);

const cfg = childConfig<Config>();

// The rows both sides write: what ingest hands the writer (toTelemetryRow of real samples), made
// before any timing starts. Timestamps spread over the last minutes, values varied a little.
const now = Date.now();
const rows: TelemetryRow[] = [];
for (let i = 0; i < cfg.rows; i++) {
  const s = cfg.sample;
  const sample: TelemetrySample = {
    ...s,
    ts: new Date(now - (cfg.rows - i) * 2).toISOString(),
    powerMw: s.powerMw === null ? null : s.powerMw + (i % 97),
  };
  rows.push(toTelemetryRow(`dw-${String(i % cfg.devices).padStart(5, '0')}`, sample, new Date(now)));
}

const COLUMNS: Array<keyof TelemetryRow> = [
  'deviceId',
  'ts',
  'receivedAt',
  'powerMw',
  'gpuLoadPct',
  'cpuLoadPct',
  'gpuFreqMHz',
  'ramUsedMB',
  'tempMaxC',
  'temps',
  'rails',
  'powerMode',
  'latencyP95Ms',
  'fps',
  'ap50',
  'diskFreeMB',
];
const COPY_SQL = `COPY telemetry_samples (device_id, ts, received_at, power_mw, gpu_load_pct, cpu_load_pct, gpu_freq_mhz,
  ram_used_mb, temp_max_c, temps, rails, power_mode, latency_p95_ms, fps, ap50, disk_free_mb) FROM STDIN`;

// One connection, as the writer uses: it runs one flush at a time.
const pool = new pg.Pool({ connectionString: cfg.url, max: 1 });
const repo = new TelemetryRepository(pool);

async function truncate(): Promise<void> {
  await pool.query('TRUNCATE telemetry_samples');
}

async function copyRows(part: TelemetryRow[]): Promise<number> {
  const client = await pool.connect();
  try {
    const copy = new CopyFromStdin(COPY_SQL, async (send) => {
      const CHUNK = 1000;
      for (let i = 0; i < part.length; i += CHUNK) {
        let text = '';
        for (const r of part.slice(i, i + CHUNK)) text += COLUMNS.map((c) => copyText(r[c])).join('\t') + '\n';
        await send(Buffer.from(text));
      }
    });
    client.query(copy);
    return await copy.done;
  } finally {
    client.release();
  }
}

const timed = async (fn: () => Promise<number>): Promise<WriteRun> => {
  await truncate();
  const t0 = performance.now();
  const statements = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const n = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM telemetry_samples')).rows[0]?.n ?? 0);
  if (n !== rows.length) throw new Error(`expected ${rows.length} rows, found ${n}`);
  return { rows: n, seconds, statements };
};

serve({
  ...profilerHandlers,
  /** TelemetryRepository.insertBatch over batches of `batch` rows, one after another, as TelemetryWriter.flush does. */
  writer: (batch: number) =>
    timed(async () => {
      let statements = 0;
      for (let i = 0; i < rows.length; i += batch) {
        await repo.insertBatch(rows.slice(i, i + batch));
        statements++;
      }
      return statements;
    }),
  /** One COPY of every row. */
  copy: () =>
    timed(async () => {
      const n = await copyRows(rows);
      if (n !== rows.length) throw new Error(`COPY reported ${n} rows`);
      return 1;
    }),
  /** One COPY per batch of `batch` rows: the writer's statement count with COPY's format. */
  copyBatched: (batch: number) =>
    timed(async () => {
      let statements = 0;
      for (let i = 0; i < rows.length; i += batch) {
        await copyRows(rows.slice(i, i + batch));
        statements++;
      }
      return statements;
    }),
  stop: async () => {
    await truncate();
    await pool.end();
  },
});
