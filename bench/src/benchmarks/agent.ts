import mqtt from 'mqtt';
import { topics } from '@jetfleet/protocol';
import { sleep } from '../lib/children.js';
import type { BenchContext } from '../lib/context.js';
import { birthMessage, sampleTail } from '../lib/payloads.js';
import { round, startCpuMeter, type CpuReport } from '../lib/proc.js';
import type { BenchmarkOutput } from '../lib/result.js';
import { ratio } from '../lib/stats.js';

interface Report {
  cpuSec: number;
  wallSec: number;
  rssMB: number;
  heapUsedMB: number;
  maxRssMB: number;
}

interface Memory {
  rssMB: number;
  heapUsedMB: number;
}

const WARM_MESSAGES = 50;
const FLEET_HEARTBEAT_SEC = 5;

/**
 * The device agent's CPU-seconds and RSS per 1,000 telemetry messages ÷ a bare mqtt.js client
 * publishing the same messages at the same rate, each alone in a process; then the memory per
 * device of a simulated fleet ÷ the same number of bare clients in one process.
 */
export async function runAgent(ctx: BenchContext): Promise<BenchmarkOutput> {
  const o = ctx.opts.agent;
  const broker = await ctx.broker();
  const heartbeatSec = 1 / o.ratePerSec;
  const { sample, facts } = ctx.payloads;
  const shape = {
    birth: birthMessage(facts, 'bare', heartbeatSec),
    telemetryHead: '"samples":[{"ts":"',
    telemetryTail: `",${sampleTail(sample)}]}`,
  };

  // Counts each device's telemetry on the broker, and the bytes, to check both send the same thing.
  const counter = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: `bench-count-${ctx.runId}` });
  ctx.defer(() => counter.endAsync());
  const counts = new Map<string, { n: number; bytes: number }>();
  counter.on('message', (topic, payload) => {
    const c = counts.get(topic) ?? { n: 0, bytes: 0 };
    c.n++;
    c.bytes += payload.length;
    counts.set(topic, c);
  });
  await counter.subscribeAsync(topics.allDevices('telemetry'), { qos: 0 });
  const waitFor = async (topic: string, n: number, timeoutMs: number): Promise<void> => {
    const end = Date.now() + timeoutMs;
    while ((counts.get(topic)?.n ?? 0) < n) {
      if (Date.now() > end)
        throw new Error(`${topic}: ${counts.get(topic)?.n ?? 0} of ${n} messages within ${timeoutMs} ms`);
      await sleep(2);
    }
  };

  // Both publish at the same time, so they see the same machine: on a shared machine the cost of
  // waking up 100 times a second depends on what else runs, and that must not decide the ratio.
  const cpu: Record<string, CpuReport> = {};
  const modes = ['bare', 'agent'] as const;
  ctx.log(`agent and bare client side by side: ${o.messages} telemetry messages each at ${o.ratePerSec}/s`);
  const timeoutMs = ((WARM_MESSAGES + o.messages) / o.ratePerSec) * 1000 * 3 + 30_000;
  const sides = await Promise.all(
    modes.map(async (mode) => {
      const deviceId = `ag-${mode}-${ctx.runId}`;
      const child = await ctx.child({
        name: `agent-${mode}`,
        script: 'children/agent-one.js',
        execArgv: ['--expose-gc'],
        config: { mode, url: broker.url, deviceId, heartbeatSec, ...shape },
      });
      return { mode, child, topic: topics.telemetry(deviceId) };
    }),
  );
  const [bareSide, agentSide] = sides as [(typeof sides)[number], (typeof sides)[number]];
  await Promise.all(sides.map((s) => waitFor(s.topic, WARM_MESSAGES, timeoutMs)));
  const meter = await startCpuMeter({
    'bare client': bareSide.child.pid,
    'device agent': agentSide.child.pid,
    broker: broker.pid,
  });
  await Promise.all(sides.map((s) => s.child.call('mark')));
  const starts = sides.map((s) => ({ ...counts.get(s.topic)! }));
  const publishing = (): Promise<unknown> =>
    Promise.all(sides.map((s, i) => waitFor(s.topic, starts[i]!.n + o.messages, timeoutMs)));
  await ctx.profiled(agentSide.child, 'agent publishing', () =>
    ctx.profiled(bareSide.child, 'bare client publishing', publishing),
  );
  const measured = await Promise.all(sides.map((s) => s.child.call<Report>('report')));
  cpu['side by side'] = await meter.stop();
  const reports = Object.fromEntries(
    sides.map((s, i) => {
      const now = counts.get(s.topic)!;
      const bytesPerMessage = Math.round((now.bytes - starts[i]!.bytes) / (now.n - starts[i]!.n));
      return [s.mode, { ...measured[i]!, bytesPerMessage }];
    }),
  ) as Record<'agent' | 'bare', Report & { bytesPerMessage: number }>;
  await Promise.all(sides.map((s) => s.child.stop()));

  ctx.log(`fleet memory: ${o.fleet} simulated agents, then ${o.fleet} bare clients`);
  const perDevice: Record<'agents' | 'bare', { before: Memory; after: Memory }> = {} as never;
  for (const mode of ['bare', 'agents'] as const) {
    const child = await ctx.child({
      name: `fleet-${mode}`,
      script: 'children/fleet-memory.js',
      execArgv: ['--expose-gc'],
      config: {
        mode,
        url: broker.url,
        devices: o.fleet,
        prefix: `fm${mode[0]}${ctx.runId}`,
        heartbeatSec: FLEET_HEARTBEAT_SEC,
        ...shape,
      },
    });
    perDevice[mode] = await child.call('measure', null, 300_000);
    await child.stop(30_000);
  }
  const kb = (m: { before: Memory; after: Memory }, k: keyof Memory): number =>
    round(((m.after[k] - m.before[k]) * 1024) / o.fleet, 1);

  const cpuPer1000 = (r: Report): number => round((r.cpuSec / o.messages) * 1000, 3);
  const agentCpu = cpuPer1000(reports.agent);
  const bareCpu = cpuPer1000(reports.bare);
  const rssRatio = ratio(round(reports.agent.rssMB, 1), round(reports.bare.rssMB, 1));
  return {
    measures: `CPU-seconds per 1,000 telemetry messages of the device agent (\`DeviceAgent\` + \`SimulatedAdapter\` as \`jetfleet-agent run\` builds them, publishing every ${round(heartbeatSec * 1000, 1)} ms) ÷ a bare mqtt.js client in its own process publishing the same messages (same will, inbox subscription, retained birth, same telemetry JSON at QoS 0) on the same schedule, both running at the same time; RSS likewise (after a full GC); and the memory per device of a simulated fleet (FleetSimulator) ÷ the same number of bare clients in one process.`,
    parameters: {
      messages: o.messages,
      ratePerSec: o.ratePerSec,
      fleetDevices: o.fleet,
      fleetHeartbeatSec: FLEET_HEARTBEAT_SEC,
    },
    baseline: { label: 'bare mqtt.js client, CPU-seconds per 1,000 messages', value: bareCpu },
    jetfleet: { label: 'device agent, CPU-seconds per 1,000 messages', value: agentCpu },
    ratio: ratio(agentCpu, bareCpu),
    units: 'CPU-s per 1,000 msgs',
    target: '≤ 2× (CPU), ≤ 1.5× (RSS)',
    targetMet: ratio(agentCpu, bareCpu) <= 2,
    secondary: [
      {
        name: 'RSS after publishing (after a full GC)',
        units: 'MB',
        baseline: round(reports.bare.rssMB, 1),
        jetfleet: round(reports.agent.rssMB, 1),
        ratio: rssRatio,
        target: '≤ 1.5',
        targetMet: rssRatio <= 1.5,
      },
      {
        name: `fleet memory per device, JS heap (${o.fleet} devices in one process)`,
        units: 'KB/device',
        baseline: kb(perDevice.bare, 'heapUsedMB'),
        jetfleet: kb(perDevice.agents, 'heapUsedMB'),
        ratio: ratio(kb(perDevice.agents, 'heapUsedMB'), kb(perDevice.bare, 'heapUsedMB')),
      },
      {
        name: `fleet memory per device, RSS (${o.fleet} devices in one process)`,
        units: 'KB/device',
        baseline: kb(perDevice.bare, 'rssMB'),
        jetfleet: kb(perDevice.agents, 'rssMB'),
        ratio: ratio(kb(perDevice.agents, 'rssMB'), kb(perDevice.bare, 'rssMB')),
      },
    ],
    extra: {
      heapUsedMB: { agent: round(reports.agent.heapUsedMB, 1), bare: round(reports.bare.heapUsedMB, 1) },
      peakRssMB: { agent: round(reports.agent.maxRssMB, 1), bare: round(reports.bare.maxRssMB, 1) },
      bytesPerMessage: { agent: reports.agent.bytesPerMessage, bare: reports.bare.bytesPerMessage },
      profiles: ctx.profiles,
      fleetProcessRssMB: {
        agentsBefore: round(perDevice.agents.before.rssMB, 1),
        agentsAfter: round(perDevice.agents.after.rssMB, 1),
        bareBefore: round(perDevice.bare.before.rssMB, 1),
        bareAfter: round(perDevice.bare.after.rssMB, 1),
      },
    },
    cpu,
    notes: [
      `The agent publishes at ${o.ratePerSec} msg/s so 1,000 messages take seconds; a deployed agent sends one every 5 s, where its fixed costs (the simulated tegrastats line every second, timers) weigh more per message.`,
    ],
  };
}
