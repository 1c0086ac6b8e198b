import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { BenchContext } from '../lib/context.js';
import { DEVICE_PAGE_QUERY } from '../lib/device-page.js';
import { round, startCpuMeter, type CpuReport } from '../lib/proc.js';
import type { BenchmarkOutput } from '../lib/result.js';
import { NumberList, ratio, summarize } from '../lib/stats.js';
import { queryOnce, waitForCount } from '../lib/wait.js';

interface Target {
  name: string;
  request: (signal: AbortSignal) => Promise<Response>;
  latencies: NumberList;
  requests: number;
  seconds: number;
}

/**
 * GraphQL requests/s for a page of devices with their latest telemetry ÷ a bare node:http route
 * returning the same JSON from the same database; SQL statements per request. Bounded number of
 * requests, small concurrency, the two servers measured in alternating rounds.
 */
export async function runApi(ctx: BenchContext): Promise<BenchmarkOutput> {
  const o = ctx.opts.api;
  const db = await ctx.database();
  const broker = await ctx.broker();
  // Every GraphQL request needs an API key: the control plane starts with this one as its bootstrap admin key.
  const apiKey = `jf_benchapi_${randomBytes(32).toString('hex')}`;
  const cp = await ctx.controlPlane({ db, broker, env: { BOOTSTRAP_ADMIN_API_KEY: apiKey } });

  // Seed through the product: births and one telemetry message per device, over MQTT.
  ctx.log(`seeding ${o.devices} devices through MQTT`);
  const publisher = await ctx.child({
    name: 'seed-publisher',
    script: 'children/publisher.js',
    config: { url: broker.url, prefix: `api${ctx.runId}`, devices: o.devices },
  });
  await publisher.call('connect');
  await publisher.call('births', { facts: ctx.payloads.facts, heartbeatSec: 5 });
  await waitForCount(countDevices(db.url, 'TRUE'), o.devices, { idleMs: 20_000, timeoutMs: 120_000, intervalMs: 200 });
  await publisher.call('run', {
    perDevice: 1,
    window: 1,
    ratePerSec: null,
    qos: 1,
    sample: ctx.payloads.sample,
    timeoutMs: 60_000,
  });
  const seeded = await waitForCount(countDevices(db.url, 'last_telemetry IS NOT NULL'), o.devices, {
    idleMs: 20_000,
    timeoutMs: 120_000,
    intervalMs: 200,
  });
  if (!seeded.complete) throw new Error(`only ${seeded.value} of ${o.devices} devices have telemetry`);
  await publisher.stop();

  const bare = await ctx.child({
    name: 'bare-api',
    script: 'children/bare-api.js',
    config: { url: db.url, poolSize: 10 },
  });
  const barePort = (bare.readyValue as { port: number }).port;
  const graphql = (first: number) => (): Promise<Response> =>
    fetch(`${cp.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query: DEVICE_PAGE_QUERY, variables: { first } }),
    });
  const plain = (first: number) => (): Promise<Response> =>
    fetch(`http://127.0.0.1:${barePort}/devices?first=${first}`);

  // Same JSON from both, or the comparison means nothing.
  const [gText, bText] = await Promise.all([graphql(o.page)().then(text), plain(o.page)().then(text)]);
  const [g, b] = [JSON.parse(gText) as unknown, JSON.parse(bText) as unknown];
  const gErrors = (g as { errors?: unknown }).errors;
  if (gErrors) throw new Error(`GraphQL errors: ${JSON.stringify(gErrors).slice(0, 500)}`);
  if (!isDeepStrictEqual(g, b)) throw new Error('the bare route and GraphQL returned different JSON');
  const responseBytes = { graphql: Buffer.byteLength(gText), bare: Buffer.byteLength(bText) };

  const targets: Record<'baseline' | 'jetfleet', Target> = {
    baseline: {
      name: 'bare node:http + pg',
      request: plain(o.page),
      latencies: new NumberList(),
      requests: 0,
      seconds: 0,
    },
    jetfleet: { name: 'GraphQL', request: graphql(o.page), latencies: new NumberList(), requests: 0, seconds: 0 },
  };
  for (const t of Object.values(targets)) await load(t.request, Math.min(100, o.requests), o.concurrency, null);

  const cpu: Record<string, CpuReport> = {};
  const cpQueries = async (): Promise<number> => (await cp.child.call<{ queries: number }>('stats')).queries;
  let cpStatements = 0;
  const rounds = 2;
  const perRound = Math.ceil(o.requests / rounds);
  for (let r = 0; r < rounds; r++) {
    for (const side of ['baseline', 'jetfleet'] as const) {
      const t = targets[side];
      ctx.log(`${t.name}: ${perRound} requests, concurrency ${o.concurrency} (round ${r + 1})`);
      const meter = await startCpuMeter(
        {
          'load generator (runner)': process.pid,
          [side === 'jetfleet' ? 'control-plane' : 'bare server']: side === 'jetfleet' ? cp.child.pid : bare.pid,
        },
        db.url,
      );
      const q0 = side === 'jetfleet' ? await cpQueries() : 0;
      const run = (): Promise<number> => load(t.request, perRound, o.concurrency, t.latencies);
      const seconds =
        side === 'jetfleet' && r === 0
          ? await ctx.profiled(cp.child, 'control plane, GraphQL round 1', run)
          : await run();
      if (side === 'jetfleet') cpStatements += (await cpQueries()) - q0;
      cpu[`${side} round ${r + 1}`] = await meter.stop();
      t.requests += perRound;
      t.seconds += seconds;
    }
  }
  // Constant cost per request whatever the page size: the same count for a page of 10.
  const small = 20;
  const qs0 = await cpQueries();
  await load(graphql(10), small, 1, null);
  const perRequestAt10 = ((await cpQueries()) - qs0) / small;

  await bare.stop();
  await ctx.stopControlPlane(cp);
  const bareRate = round(targets.baseline.requests / targets.baseline.seconds, 1);
  const jfRate = round(targets.jetfleet.requests / targets.jetfleet.seconds, 1);
  const perRequest = cpStatements / targets.jetfleet.requests;
  return {
    measures: `Requests per second for a page of ${o.page} devices with nested hardware facts and latest telemetry: the control plane’s GraphQL endpoint (own process, NestJS + Apollo, DataLoaders) ÷ a bare node:http route in its own process that reads the same rows with plain pg (same pool size) and returns byte-for-byte the same JSON (checked before measuring). Same load generator (fetch, keep-alive, fixed concurrency), alternating rounds.`,
    parameters: { devices: o.devices, page: o.page, requests: o.requests, concurrency: o.concurrency, rounds },
    baseline: { label: 'bare HTTP route, requests per second', value: bareRate },
    jetfleet: { label: 'GraphQL, requests per second', value: jfRate },
    ratio: ratio(jfRate, bareRate),
    units: 'req/s',
    target: '≥ 0.6 and constant queries per request',
    targetMet: ratio(jfRate, bareRate) >= 0.6 && perRequest === perRequestAt10,
    secondary: [],
    extra: {
      sqlStatementsPerRequest: round(perRequest, 2),
      sqlStatementsPerRequestAtPage10: round(perRequestAt10, 2),
      bareStatementsPerRequest: 2,
      responseBytes,
      latencyMs: {
        baseline: summarize(targets.baseline.latencies.values()),
        jetfleet: summarize(targets.jetfleet.latencies.values()),
      },
      profiles: ctx.profiles,
    },
    cpu,
    notes: [
      'GraphQL requests carry an operator API key, as in production: one indexed api_keys lookup per request, which the bare route (no authentication) does not pay.',
      'The control plane runs with its deployed default LOG_LEVEL=info, so it logs every request (pino-http); `--log-level warn` measures it without.',
    ],
  };
}

const countDevices = (url: string, where: string) => async (): Promise<number> =>
  Number((await queryOnce<{ n: string }>(url, `SELECT count(*) AS n FROM devices WHERE ${where}`))[0]?.n ?? 0);

async function text(res: Response): Promise<string> {
  const body = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${body.slice(0, 300)}`);
  return body;
}

const LOAD_TIMEOUT_MS = 300_000;

/** `total` requests from `concurrency` workers (each request and the whole loop time-bounded); returns the wall seconds. */
async function load(
  request: (signal: AbortSignal) => Promise<Response>,
  total: number,
  concurrency: number,
  latencies: NumberList | null,
): Promise<number> {
  let issued = 0;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (issued < total) {
      if (performance.now() - t0 > LOAD_TIMEOUT_MS)
        throw new Error(`${issued} of ${total} requests in ${LOAD_TIMEOUT_MS} ms`);
      issued++;
      const s = performance.now();
      const res = await request(AbortSignal.timeout(30_000));
      const body = await res.text();
      if (!res.ok || body.includes('"errors":['))
        throw new Error(`request failed: HTTP ${res.status} ${body.slice(0, 200)}`);
      latencies?.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (performance.now() - t0) / 1000;
}
