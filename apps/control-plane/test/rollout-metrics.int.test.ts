import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CohortMetricsRepository, DEVICE_METRICS_SQL } from '../src/rollouts/gates/cohort-metrics.repository.js';
import { cohortGroups } from '../src/rollouts/gates/cohort.util.js';
import { LATENCY_QUANTILE_PROBS } from '../src/rollouts/gates/device-metrics.types.js';
import { rolloutGatesSchema } from '../src/rollouts/gates/gate-config.schema.js';
import { evaluateGates } from '../src/rollouts/gates/gate-evaluator.util.js';
import { partitionFor } from '../src/telemetry/partition-plan.util.js';
import { TelemetryMaintenanceRepository } from '../src/telemetry/telemetry-maintenance.repository.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';

const SINCE = new Date('2025-03-02T10:00:00Z');
const UNTIL = new Date('2025-03-02T10:10:00Z');
const at = (sec: number) => new Date(SINCE.getTime() + sec * 1000);

interface Sample {
  ts: Date;
  powerMw?: number | null;
  latencyP95Ms?: number | null;
  ap50?: number | null;
  powerMode?: string | null;
}

/** PostgreSQL's percentile_cont, to state expectations from the inserted values. */
function percentileCont(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  return (sorted[lo] as number) + ((sorted[Math.ceil(pos)] as number) - (sorted[lo] as number)) * (pos - lo);
}

describe('CohortMetricsRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let repo: CohortMetricsRepository;

  const addDevice = (id: string, module: string, online: boolean, modes: { hardware?: string; telemetry?: string }) =>
    pool.query(
      `INSERT INTO devices (id, module, hardware, agent_version, protocol_version, online, heartbeat_sec, last_telemetry)
       VALUES ($1, $2, $3, '1.0.0', 1, $4, 5, $5)`,
      [
        id,
        module,
        { powerMode: modes.hardware ?? null },
        online,
        modes.telemetry === undefined ? null : { powerMode: modes.telemetry },
      ],
    );

  const addSamples = (deviceId: string, samples: Sample[]) =>
    pool.query(
      `INSERT INTO telemetry_samples (device_id, ts, received_at, power_mw, latency_p95_ms, ap50, power_mode)
       SELECT $1, s.ts, s.ts, s.power_mw, s.latency_p95_ms, s.ap50, s.power_mode
         FROM unnest($2::timestamptz[], $3::real[], $4::real[], $5::real[], $6::text[])
              AS s(ts, power_mw, latency_p95_ms, ap50, power_mode)`,
      [
        deviceId,
        samples.map((s) => s.ts),
        samples.map((s) => s.powerMw ?? null),
        samples.map((s) => s.latencyP95Ms ?? null),
        samples.map((s) => s.ap50 ?? null),
        samples.map((s) => s.powerMode ?? null),
      ],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url });
    repo = new CohortMetricsRepository(pool);
    const maintenance = new TelemetryMaintenanceRepository(pool);
    for (const day of ['2025-03-01', '2025-03-02', '2025-03-03']) {
      await maintenance.createPartition(partitionFor(new Date(`${day}T00:00:00Z`)));
    }

    // Canary: 20 samples in the window with latency 1..20 ms and power 5.0..6.9 W; AP50 measured twice.
    await addDevice('rm-canary', 'orin-nano-8gb', true, { hardware: '15W' });
    await addSamples('rm-canary', [
      ...Array.from({ length: 20 }, (_, i) => ({
        ts: at(10 + i * 5),
        latencyP95Ms: i + 1,
        powerMw: 5000 + i * 100,
        powerMode: '15W',
        ap50: i === 3 ? 0.7 : i === 12 ? 0.512 : null,
      })),
      // Outside the window (the day before, and exactly at `until`): extreme values that must not count.
      { ts: new Date(SINCE.getTime() - 86_400_000), latencyP95Ms: 900, powerMw: 90_000, ap50: 0.01 },
      { ts: SINCE, latencyP95Ms: 9.3, powerMw: 4200, powerMode: '15W' },
      { ts: UNTIL, latencyP95Ms: 900, powerMw: 90_000, ap50: 0.01 },
    ]);

    // Baseline of the same class: switched mode in the window; latest mode counts.
    await addDevice('rm-base-a', 'orin-nano-8gb', true, { hardware: '7W' });
    await addSamples(
      'rm-base-a',
      Array.from({ length: 10 }, (_, i) => ({
        ts: at(30 + i * 10),
        latencyP95Ms: 10,
        powerMw: 4000,
        powerMode: i < 5 ? '7W' : '15W',
        ap50: 0.558,
      })),
    );

    // Baseline without power rails and with inference only part of the time.
    await addDevice('rm-base-b', 'orin-nano-8gb', true, { hardware: '15W' });
    await addSamples(
      'rm-base-b',
      Array.from({ length: 6 }, (_, i) => ({ ts: at(40 + i * 10), latencyP95Ms: i < 4 ? 12 : null, ap50: 0.56 })),
    );

    // Silent, offline device: no sample in the window, mode from its last telemetry.
    await addDevice('rm-silent', 'agx-orin-64gb', false, { hardware: 'MODE_30W', telemetry: 'MAXN' });
    await addSamples('rm-silent', [{ ts: new Date(SINCE.getTime() - 3_600_000), latencyP95Ms: 5 }]);
  });

  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('computes each device’s figures over the window only', async () => {
    const rows = await repo.deviceMetrics(
      ['rm-canary', 'rm-base-a', 'rm-base-b', 'rm-silent', 'rm-nope'],
      SINCE,
      UNTIL,
    );
    expect(rows.map((r) => r.deviceId)).toEqual(['rm-base-a', 'rm-base-b', 'rm-canary', 'rm-silent']);
    const byId = new Map(rows.map((r) => [r.deviceId, r]));

    const latencies = [9.3, ...Array.from({ length: 20 }, (_, i) => i + 1)];
    const powers = [4200, ...Array.from({ length: 20 }, (_, i) => 5000 + i * 100)];
    const canary = byId.get('rm-canary');
    expect(canary).toMatchObject({
      module: 'orin-nano-8gb',
      powerMode: '15W',
      online: true,
      samples: 21,
      latencySamples: 21,
      powerSamples: 21,
      ap50: 0.512,
      ap50At: at(10 + 12 * 5),
    });
    expect(canary?.latencyP95Ms).toBeCloseTo(percentileCont(latencies, 0.95), 9);
    expect(canary?.latencyP95Ms).toBe(19);
    expect(canary?.latencyQuantiles).toHaveLength(LATENCY_QUANTILE_PROBS.length);
    expect(canary?.latencyQuantiles?.[0]).toBe(1);
    expect(canary?.latencyQuantiles?.at(-1)).toBe(20);
    expect(canary?.latencyQuantiles?.[5]).toBe(percentileCont(latencies, 0.5));
    expect(canary?.powerW).toBeCloseTo(powers.reduce((a, b) => a + b, 0) / powers.length / 1000, 9);

    expect(byId.get('rm-base-a')).toMatchObject({
      powerMode: '15W',
      samples: 10,
      latencyP95Ms: 10,
      powerW: 4,
      ap50: 0.558,
    });
    expect(byId.get('rm-base-b')).toMatchObject({
      samples: 6,
      latencySamples: 4,
      latencyP95Ms: 12,
      powerSamples: 0,
      powerW: null,
      powerMode: '15W',
    });
    expect(byId.get('rm-silent')).toEqual({
      deviceId: 'rm-silent',
      module: 'agx-orin-64gb',
      powerMode: 'MAXN',
      online: false,
      samples: 0,
      latencySamples: 0,
      latencyP95Ms: null,
      latencyQuantiles: null,
      powerSamples: 0,
      powerW: null,
      ap50: null,
      ap50At: null,
    });
  });

  it('keeps stored reals exact (9.3 stays 9.3)', async () => {
    const [row] = await repo.deviceMetrics(['rm-canary'], SINCE, at(1));
    expect(row).toMatchObject({ samples: 1, latencyP95Ms: 9.3, powerW: 4.2 });
  });

  it('reads only the partitions of the window', async () => {
    const plan = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${DEVICE_METRICS_SQL}`, [
      ['rm-canary'],
      SINCE,
      UNTIL,
      LATENCY_QUANTILE_PROBS,
    ]);
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('telemetry_samples_p20250302');
    expect(text).not.toContain('telemetry_samples_p20250301');
    expect(text).not.toContain('telemetry_samples_p20250303');
  });

  it('feeds the gates: a canary that lost AP50 fails with its numbers', async () => {
    const rows = await repo.deviceMetrics(['rm-canary', 'rm-base-a', 'rm-base-b'], SINCE, UNTIL);
    const gates = rolloutGatesSchema.parse({ maxLatencyP95Ratio: 2, maxPowerRatio: 2 });
    const groups = cohortGroups(
      rows.filter((r) => r.deviceId === 'rm-canary'),
      rows.filter((r) => r.deviceId !== 'rm-canary'),
      gates.minSamplesPerDevice,
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ key: 'orin-nano-8gb/15W', powerBudgetW: 15 });
    expect(groups[0]?.baseline).toMatchObject({ devices: 2, samples: 16, powerW: 4 });
    expect(groups[0]?.baseline?.ap50).toBeCloseTo(0.559, 9);
    const report = evaluateGates({
      gates,
      deployments: { total: 1, healthy: 1, failed: 0, offline: 0 },
      groups,
      now: UNTIL,
      deadlineAt: new Date(UNTIL.getTime() + 600_000),
    });
    expect(report.outcome).toBe('fail');
    expect(report.summary).toBe(
      'Gate failed: AP50 drop 0.047 > 0.010 (orin-nano-8gb/15W: canary 0.512 vs baseline 0.559)',
    );
  });
});
