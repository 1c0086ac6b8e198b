import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';

const TICKS_PER_SEC = 100; // USER_HZ on Linux; /proc/<pid>/stat counts in these.

/** User + system CPU seconds a process has used so far, or null once it is gone. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC;
  } catch {
    return null;
  }
}

/** Busy and total CPU seconds of the whole machine (all cores), from /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / TICKS_PER_SEC, total: total / TICKS_PER_SEC };
}

/** Process ids of the PostgreSQL backends serving one database. */
export async function backendPids(databaseUrl: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const name = new URL(databaseUrl).pathname.slice(1);
    const r = await c.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    return r.rows.map((row) => row.pid);
  } finally {
    await c.end();
  }
}

export interface CpuMeter {
  /** CPU seconds per component since `start`, and as a share of one core over the wall time. */
  stop(): Promise<CpuReport>;
}

export interface CpuReport {
  wallSec: number;
  /** Component → CPU seconds used during the interval. */
  cpuSec: Record<string, number>;
  /** Component → cores busy on average (cpuSec / wallSec); 1.0 = one core saturated. */
  cores: Record<string, number>;
  /** Whole machine, every process included (also other users'): cores busy on average. */
  machineCores: number;
  /** machineCores minus the components above: everything else running on the machine meanwhile. */
  otherCores: number;
  machineCoresAvailable: number;
}

/**
 * Measures the CPU used by named processes over an interval. PostgreSQL is counted as the backends
 * of the benchmark's database (backends that appear during the interval count from zero).
 */
export async function startCpuMeter(pids: Record<string, number | null>, databaseUrl?: string): Promise<CpuMeter> {
  const t0 = performance.now();
  const m0 = machineCpuSeconds();
  const start = new Map<string, number>();
  for (const [name, pid] of Object.entries(pids)) if (pid !== null) start.set(name, processCpuSeconds(pid) ?? 0);
  const pg0 = new Map<number, number>();
  if (databaseUrl) for (const pid of await backendPids(databaseUrl)) pg0.set(pid, processCpuSeconds(pid) ?? 0);
  return {
    async stop() {
      const wallSec = (performance.now() - t0) / 1000;
      const m1 = machineCpuSeconds();
      const cpuSec: Record<string, number> = {};
      for (const [name, pid] of Object.entries(pids)) {
        if (pid === null) continue;
        const now = processCpuSeconds(pid);
        if (now !== null) cpuSec[name] = now - (start.get(name) ?? 0);
      }
      if (databaseUrl) {
        let sum = 0;
        for (const pid of await backendPids(databaseUrl)) sum += (processCpuSeconds(pid) ?? 0) - (pg0.get(pid) ?? 0);
        cpuSec.postgres = sum;
      }
      const cores: Record<string, number> = {};
      for (const [k, v] of Object.entries(cpuSec)) cores[k] = round(v / wallSec, 2);
      const cpus = os.availableParallelism();
      const machineCores = ((m1.busy - m0.busy) / (m1.total - m0.total)) * cpus;
      const ours = Object.values(cpuSec).reduce((a, b) => a + b, 0) / wallSec;
      return {
        wallSec: round(wallSec, 2),
        cpuSec: Object.fromEntries(Object.entries(cpuSec).map(([k, v]) => [k, round(v, 2)])),
        cores,
        machineCores: round(machineCores, 2),
        otherCores: round(Math.max(0, machineCores - ours), 2),
        machineCoresAvailable: cpus,
      };
    },
  };
}

export function round(v: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
  postgres: string;
  mosquitto: string;
  /** Load average when the run started: other work on the machine shows here. */
  loadAverage1m: number;
}

export async function machineInfo(adminUrl: string): Promise<MachineInfo> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  let postgres = 'unknown';
  try {
    postgres = (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? postgres;
  } finally {
    await c.end();
  }
  let mosquitto = 'unknown';
  try {
    mosquitto = /version (\S+)/.exec(execSync('mosquitto -h 2>&1 || true', { encoding: 'utf8' }))?.[1] ?? mosquitto;
  } catch {
    /* reported as unknown */
  }
  return {
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    postgres,
    mosquitto,
    loadAverage1m: round(os.loadavg()[0] ?? 0, 2),
  };
}
