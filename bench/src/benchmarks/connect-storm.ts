import { readFileSync } from 'node:fs';
import type { StormResult } from '../children/storm.js';
import { sleep } from '../lib/children.js';
import type { BenchContext } from '../lib/context.js';
import { round, startCpuMeter, type CpuReport } from '../lib/proc.js';
import type { BenchmarkOutput } from '../lib/result.js';
import { ratio, summarize, type LatencySummary } from '../lib/stats.js';
import { openClient } from '../lib/wait.js';

const TIMEOUT_MS = 180_000;
const HEARTBEAT_SEC = 5;

interface AgentsRound {
  seconds: number;
  connectedSeconds: number;
  connectedMs: LatencySummary;
  registeredMs: LatencySummary;
  reconnects: number;
}

/**
 * N simulated device agents connecting with bounded concurrency: devices connected, registered and
 * state-synced per second ÷ bare MQTT connects per second for the same N on the same broker.
 * Alternating rounds (new device ids each agents round); each side's best round counts.
 */
export async function runConnectStorm(ctx: BenchContext): Promise<BenchmarkOutput> {
  const { devices: n, rounds } = ctx.opts.storm;
  const concurrency = Math.min(n, ctx.opts.storm.concurrency);
  const addresses = ctx.opts.storm.addresses ?? Math.max(1, Math.ceil(n / 10_000));
  const db = await ctx.database();
  const broker = await ctx.broker();
  const fdLimit = broker.pid === null ? null : openFilesLimit(broker.pid);
  if (fdLimit !== null && n > fdLimit - 50) {
    throw new Error(`the broker may hold ${fdLimit} open files (ulimit -n), too few for ${n} connections`);
  }
  const cp = await ctx.controlPlane({ db, broker });
  const cpu: Record<string, CpuReport> = {};
  const storm = (mode: 'bare' | 'agents', prefix: string) =>
    ctx.child({
      name: `storm-${mode}-${prefix}`,
      script: 'children/storm.js',
      config: { url: broker.url, mode, devices: n, concurrency, addresses, prefix, heartbeatSec: HEARTBEAT_SEC },
      readyTimeoutMs: 120_000,
    });
  const pids = (storm: number) => ({ 'storm process': storm, broker: broker.pid, 'control-plane': cp.child.pid });

  const bareRound = async (r: number): Promise<number> => {
    ctx.log(`bare: ${n} MQTT connects, ${concurrency} pending at a time, ${addresses} source address(es) (round ${r})`);
    const child = await storm('bare', `csb${r}${ctx.runId}`);
    const meter = await startCpuMeter(pids(child.pid));
    const res = await child.call<StormResult>('run', TIMEOUT_MS, TIMEOUT_MS + 30_000);
    cpu[`baseline round ${r}`] = await meter.stop();
    await child.stop();
    if (res.failed) throw new Error(`${res.failed} of ${n} bare connects failed`);
    return (res.lastConnectAt - res.startedAt) / 1000;
  };

  const agentsRound = async (r: number): Promise<AgentsRound> => {
    ctx.log(`jetfleet: ${n} device agents, ${concurrency} connecting at a time (round ${r})`);
    const prefix = `csa${r}${ctx.runId}`;
    const agents = await storm('agents', prefix);
    const poll = await openClient(db.url);
    let registeredAt = 0;
    let polling = true;
    const meter = await startCpuMeter(pids(agents.pid), db.url);
    const storming = async (): Promise<StormResult> => {
      const run = agents.call<StormResult>('run', TIMEOUT_MS, TIMEOUT_MS + 30_000);
      const registration = (async () => {
        const end = Date.now() + TIMEOUT_MS;
        while (polling && Date.now() < end) {
          const q = await poll.query<{ n: string }>(
            "SELECT count(*) AS n FROM devices WHERE online AND id LIKE $1 || '-%'",
            [prefix],
          );
          if (Number(q.rows[0]?.n ?? 0) >= n) {
            registeredAt = Date.now();
            return;
          }
          await sleep(25);
        }
      })();
      const result = await run;
      await registration;
      return result;
    };
    const jf =
      r === 1
        ? await ctx.profiled(cp.child, 'control plane during the agents storm', () =>
            ctx.profiled(agents, 'agents process during the storm', storming),
          )
        : await storming();
    polling = false;
    cpu[`jetfleet round ${r}`] = await meter.stop();
    // State-synced: the row holds the session of the agent's current connection and its hardware facts.
    const rows = await poll.query<{ id: string; session_id: string; first_seen_at: Date; module: string }>(
      "SELECT id, session_id, first_seen_at, module FROM devices WHERE online AND id LIKE $1 || '-%'",
      [prefix],
    );
    await poll.end();
    await agents.stop();
    if (!registeredAt) throw new Error(`only ${rows.rows.length} of ${n} devices registered within ${TIMEOUT_MS} ms`);
    const synced = rows.rows.filter((row) => jf.sessions[row.id] === row.session_id && row.module.length > 0).length;
    if (synced < n) throw new Error(`${n - synced} devices registered with a stale session or no hardware facts`);
    const sinceStart = (t: number): number => t - jf.startedAt;
    return {
      seconds: (Math.max(registeredAt, jf.lastConnectAt) - jf.startedAt) / 1000,
      connectedSeconds: (jf.lastConnectAt - jf.startedAt) / 1000,
      connectedMs: summarize(Object.values(jf.connectedAt).map(sinceStart)),
      registeredMs: summarize(rows.rows.map((row) => sinceStart(row.first_seen_at.getTime()))),
      reconnects: jf.reconnects,
    };
  };

  const bareRounds: number[] = [];
  const agentRounds: AgentsRound[] = [];
  for (let r = 1; r <= rounds; r++) {
    if (r % 2 === 1) {
      bareRounds.push(await bareRound(r));
      agentRounds.push(await agentsRound(r));
    } else {
      agentRounds.push(await agentsRound(r));
      bareRounds.push(await bareRound(r));
    }
  }
  await ctx.stopControlPlane(cp);
  const bareSec = Math.min(...bareRounds);
  const best = agentRounds.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const bareRate = round(n / bareSec);
  const jfRate = round(n / best.seconds);
  return {
    measures:
      'N simulated device agents (FleetSimulator’s agents, in their own process) started with at most `concurrency` connecting at a time: devices per second that are connected (CONNACK, inbox subscribed, birth acknowledged), registered (a `devices` row, online) and state-synced (the row carries the session of the agent’s current connection and its hardware facts) ÷ bare mqtt.js connects per second (CONNACK) for the same N and concurrency on the same broker, with the same control plane running. Alternating rounds, best round of each side.',
    parameters: {
      devices: n,
      concurrency,
      rounds,
      sourceAddresses: addresses,
      heartbeatSec: HEARTBEAT_SEC,
      protocol: 'MQTT 5',
    },
    baseline: { label: 'bare MQTT connects per second (best round)', value: bareRate },
    jetfleet: { label: 'agents connected, registered and synced per second (best round)', value: jfRate },
    ratio: ratio(jfRate, bareRate),
    units: 'devices/s',
    target: '≥ 0.5',
    targetMet: ratio(jfRate, bareRate) >= 0.5,
    secondary: [],
    extra: {
      roundsSeconds: {
        bare: bareRounds.map((s) => round(s, 2)).join(' / '),
        jetfleet: agentRounds.map((a) => round(a.seconds, 2)).join(' / '),
      },
      bestJetfleetRound: {
        agentsAllConnectedSeconds: round(best.connectedSeconds, 2),
        agentConnectedMsSinceStart: best.connectedMs,
        registeredMsSinceStart: best.registeredMs,
      },
      agentReconnects: agentRounds.reduce((a, b) => a + b.reconnects, 0),
      brokerOpenFilesLimit: fdLimit,
      profiles: ctx.profiles,
    },
    cpu,
    notes: [
      'The desired-state half of a sync (control plane → device) arrives with rollouts (issue #5); today the sync is the device’s birth (session, hardware facts, versions) reaching the registry.',
    ],
  };
}

function openFilesLimit(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft && /^\d+$/.test(soft) ? Number(soft) : null;
  } catch {
    return null;
  }
}
