import { topics } from '@jetfleet/protocol';
import type { PublishResult, PublishRun } from '../children/publisher.js';
import type { ChildHandle } from '../lib/children.js';
import type { BenchContext } from '../lib/context.js';
import { round, startCpuMeter, type CpuReport } from '../lib/proc.js';
import type { BenchmarkOutput } from '../lib/result.js';
import { ratio, type LatencySummary } from '../lib/stats.js';
import { queryOnce, waitForCount } from '../lib/wait.js';

interface CpStats {
  writer: { accepted: number; written: number; dropped: number; buffered: number; flushErrors: number };
  ingest: { accepted: Record<string, number>; rejected: Record<string, number> };
  queries: number;
  lastCommitAt: number;
}

interface SubStats {
  received: number;
  firstAt: number;
  lastAt: number;
}

const PHASE_TIMEOUT_MS = 240_000;

/**
 * Telemetry messages/s committed to PostgreSQL by the control plane ÷ messages/s a bare mqtt.js
 * subscriber receives, with the same publishers on the same broker (QoS 1, as fast as the broker
 * acknowledges). Then the same publishers paced below the control plane's capacity, for latency.
 */
export async function runIngest(ctx: BenchContext): Promise<BenchmarkOutput> {
  const o = ctx.opts.ingest;
  const perDevice = Math.max(1, Math.ceil(o.messages / o.devices));
  const total = perDevice * o.devices;
  const warmPerDevice = Math.max(1, Math.ceil(2000 / o.devices));
  const db = await ctx.database();
  const broker = await ctx.broker();
  const publisher = await ctx.child({
    name: 'publisher',
    script: 'children/publisher.js',
    config: { url: broker.url, prefix: `bi${ctx.runId}`, devices: o.devices },
  });
  await publisher.call('connect');
  const sample = ctx.payloads.sample;
  const runSpec = (n: number, ratePerSec: number | null): PublishRun => ({
    perDevice: n,
    window: o.window,
    ratePerSec,
    qos: 1,
    sample,
    timeoutMs: PHASE_TIMEOUT_MS,
  });
  const publish = (n: number, rate: number | null): Promise<PublishResult> =>
    publisher.call<PublishResult>('run', runSpec(n, rate), PHASE_TIMEOUT_MS + 30_000);
  const cpu: Record<string, CpuReport> = {};
  const notes: string[] = [];

  // ── jetfleet: the control plane (api role) ingesting into its own database ──
  ctx.log('starting the control plane');
  const cp = await ctx.controlPlane({ db, broker });
  const cpStats = (): Promise<CpStats> => cp.child.call<CpStats>('stats');
  await publisher.call('births', { facts: ctx.payloads.facts, heartbeatSec: 5 });
  const registered = await waitForCount(
    async () => Number((await queryOnce<{ n: string }>(db.url, 'SELECT count(*) AS n FROM devices'))[0]?.n ?? 0),
    o.devices,
    { idleMs: 20_000, timeoutMs: 60_000, intervalMs: 200 },
  );
  if (!registered.complete) throw new Error(`only ${registered.value}/${o.devices} devices registered`);
  ctx.log(`warm-up (${warmPerDevice * o.devices} messages)`);
  const warm = await publish(warmPerDevice, null);
  await waitForCount(async () => (await cpStats()).writer.written, warm.published, {
    idleMs: 10_000,
    timeoutMs: 60_000,
  });

  const committedOf = async (): Promise<number> => (await cpStats()).writer.written;
  const measureCp = async (label: string, n: number, rate: number | null, profile = false) => {
    const before = await cpStats();
    await cp.child.call('resetLatency');
    const meter = await startCpuMeter(
      { publisher: publisher.pid, 'control-plane': cp.child.pid, broker: broker.pid },
      db.url,
    );
    const phase = async () => {
      const pub = await publish(n, rate);
      const done = await waitForCount(async () => (await committedOf()) - before.writer.written, pub.published, {
        idleMs: 15_000,
        timeoutMs: PHASE_TIMEOUT_MS,
        intervalMs: 100,
      });
      return { pub, done };
    };
    const { pub, done } = profile ? await ctx.profiled(cp.child, 'control plane, unpaced', phase) : await phase();
    cpu[label] = await meter.stop();
    const after = await cpStats();
    const latency = await cp.child.call<LatencySummary>('latency');
    const committed = after.writer.written - before.writer.written;
    const seconds = (after.lastCommitAt - pub.startedAt) / 1000;
    return { pub, done, before, after, latency, committed, seconds, rate: committed / seconds };
  };

  ctx.log(`control plane: ${total} messages from ${o.devices} devices, unpaced`);
  const sat = await measureCp('jetfleet (unpaced)', perDevice, null, true);
  const pacedRate = o.pacedRate ?? Math.max(100, Math.round((sat.rate * 0.5) / 100) * 100);
  const pacedPerDevice = Math.max(1, Math.ceil((pacedRate * o.pacedSeconds) / o.devices));
  ctx.log(`control plane: paced at ${pacedRate} msg/s for ${o.pacedSeconds} s`);
  const paced = await measureCp(`jetfleet (paced ${pacedRate}/s)`, pacedPerDevice, pacedRate);
  // Every acknowledged publish must be a row: QoS 1 end to end, the writer's buffer included.
  const expectedRows = warm.published + sat.pub.published + paced.pub.published;
  const rows = Number(
    (await queryOnce<{ n: string }>(db.url, 'SELECT count(*) AS n FROM telemetry_samples'))[0]?.n ?? 0,
  );
  const final = await cpStats();
  await ctx.stopControlPlane(cp);

  // ── baseline: a bare subscriber with the same shared subscription, same publishers ──
  const filter = topics.shared(`bench${ctx.runId}`, topics.allDevices('telemetry'));
  const sub = await ctx.child({
    name: 'bare-subscriber',
    script: 'children/subscriber.js',
    config: { url: broker.url, filter },
  });
  await sub.call('subscribe');
  const received = async (): Promise<number> => (await sub.call<SubStats>('stats')).received;
  const warmBare = await publish(warmPerDevice, null);
  await waitForCount(received, warmBare.published, { idleMs: 10_000, timeoutMs: 60_000 });
  const measureBare = async (label: string, n: number, rate: number | null) => {
    await sub.call('reset');
    const meter = await startCpuMeter({ publisher: publisher.pid, subscriber: sub.pid, broker: broker.pid });
    const pub = await publish(n, rate);
    const done = await waitForCount(received, pub.published, { idleMs: 10_000, timeoutMs: PHASE_TIMEOUT_MS });
    cpu[label] = await meter.stop();
    const s = await sub.call<SubStats>('stats');
    const latency = await sub.call<LatencySummary>('latency');
    const seconds = (s.lastAt - pub.startedAt) / 1000;
    return { pub, done, received: s.received, seconds, rate: s.received / seconds, latency };
  };
  ctx.log(`bare subscriber: ${total} messages, unpaced`);
  const bare = await measureBare('baseline (unpaced)', perDevice, null);
  ctx.log(`bare subscriber: paced at ${pacedRate} msg/s`);
  const barePaced = await measureBare(`baseline (paced ${pacedRate}/s)`, pacedPerDevice, pacedRate);
  await stopQuietly(sub);

  const lost = Math.max(0, expectedRows - rows);
  if (!sat.done.complete)
    notes.push(`the control plane committed ${sat.committed} of ${sat.pub.published} messages before the phase ended`);
  if (!bare.done.complete)
    notes.push(`the bare subscriber received ${bare.received} of ${bare.pub.published} messages`);
  const pubRate = (p: PublishResult): number => round(p.published / ((p.finishedAt - p.startedAt) / 1000));
  const jfRate = round(sat.rate);
  const bareRate = round(bare.rate);
  return {
    measures:
      'Telemetry messages per second committed to PostgreSQL by the control plane (api role, own process) ÷ messages per second a bare mqtt.js subscriber receives with the same shared QoS 1 subscription, both fed by the same publishers (one MQTT connection per device, QoS 1, a window of unacknowledged messages each) on the same broker.',
    parameters: {
      devices: o.devices,
      messages: total,
      qos: 1,
      windowPerConnection: o.window,
      pacedRate,
      pacedMessages: pacedPerDevice * o.devices,
      payloadBytes: Buffer.byteLength(JSON.stringify({ seq: 0, sessionId: 'bench-0', samples: [sample] })),
      telemetryBatchSize: 5000,
    },
    baseline: { label: 'bare subscriber, messages received per second', value: bareRate },
    jetfleet: { label: 'control plane, messages committed per second', value: jfRate },
    ratio: ratio(jfRate, bareRate),
    units: 'msg/s',
    target: '≥ 0.3 and ≥ 10,000 msg/s',
    targetMet: ratio(jfRate, bareRate) >= 0.3 && jfRate >= 10_000,
    secondary: [
      {
        name: `p99 latency at ${pacedRate} msg/s (publish→commit vs publish→receive)`,
        units: 'ms',
        baseline: barePaced.latency.p99,
        jetfleet: paced.latency.p99,
        ratio: ratio(paced.latency.p99, barePaced.latency.p99),
      },
    ],
    extra: {
      messagesLost: lost,
      rowsExpected: expectedRows,
      rowsStored: rows,
      duplicates: Math.max(0, rows - expectedRows),
      writerDropped: final.writer.dropped,
      writerFlushErrors: final.writer.flushErrors,
      ingestRejected: final.ingest.rejected,
      publishFailures: sat.pub.failed + paced.pub.failed,
      publisherRate: { jetfleetPhase: pubRate(sat.pub), baselinePhase: pubRate(bare.pub) },
      latencyUnpacedMs: { jetfleetPublishToCommit: sat.latency, baselinePublishToReceive: bare.latency },
      latencyPacedMs: { jetfleetPublishToCommit: paced.latency, baselinePublishToReceive: barePaced.latency },
      pacedCommittedRate: round(paced.rate),
      sqlStatementsPerThousandMessages: round(((sat.after.queries - sat.before.queries) / sat.committed) * 1000, 1),
      profiles: ctx.profiles,
    },
    cpu,
    notes,
  };
}

async function stopQuietly(c: ChildHandle): Promise<void> {
  await c.stop().catch(() => undefined);
}
