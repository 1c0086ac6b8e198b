import { parseArgs } from 'node:util';

export const BENCHMARK_NAMES = [
  'ingest',
  'db-write',
  'rollout-fanout',
  'connect-storm',
  'api',
  'jobs',
  'agent',
] as const;
export type BenchmarkName = (typeof BENCHMARK_NAMES)[number];

/** In issue #8 but not measurable yet: the capability they measure has not landed. */
export const NOT_BUILT: Record<string, string> = {};

export type Size = 'small' | 'default' | 'large';

export interface Options {
  names: BenchmarkName[];
  size: Size;
  /** V8 CPU profiles of the measured control plane / writer processes, summarised in the results. */
  profile: boolean;
  /** The control plane's LOG_LEVEL (its default, info, logs every HTTP request). */
  logLevel: string;
  ingest: { devices: number; messages: number; window: number; pacedRate: number | null; pacedSeconds: number };
  dbWrite: { rows: number; batch: number; devices: number; rounds: number };
  storm: { devices: number; concurrency: number; rounds: number; addresses: number | null };
  api: { devices: number; page: number; requests: number; concurrency: number };
  agent: { messages: number; ratePerSec: number; fleet: number };
  fanout: {
    devices: number;
    /** Cumulative percent per stage; the last is 100. */
    stages: number[];
    maxConcurrent: number;
    clients: number;
    /** healthy: one report per document; agent: downloading, activating, verifying, healthy. */
    reports: 'healthy' | 'agent';
    bareWindow: number;
    timeoutSec: number;
  };
  jobs: { jobs: number; rollouts: number; devicesPerRollout: number };
}

const FANOUT: Options['fanout'] = {
  devices: 10_000,
  stages: [1, 5, 10, 25, 50, 100],
  maxConcurrent: 10_000,
  clients: 4,
  reports: 'healthy',
  bareWindow: 1000,
  timeoutSec: 300,
};

const SIZES: Record<Size, Omit<Options, 'names' | 'size' | 'profile' | 'logLevel'>> = {
  small: {
    ingest: { devices: 20, messages: 10_000, window: 20, pacedRate: null, pacedSeconds: 4 },
    dbWrite: { rows: 20_000, batch: 5000, devices: 100, rounds: 1 },
    storm: { devices: 200, concurrency: 50, rounds: 1, addresses: null },
    api: { devices: 200, page: 100, requests: 200, concurrency: 4 },
    agent: { messages: 300, ratePerSec: 100, fleet: 50 },
    fanout: { ...FANOUT, devices: 1000 },
    jobs: { jobs: 1000, rollouts: 20, devicesPerRollout: 4 },
  },
  default: {
    ingest: { devices: 100, messages: 100_000, window: 20, pacedRate: null, pacedSeconds: 10 },
    dbWrite: { rows: 100_000, batch: 5000, devices: 1000, rounds: 2 },
    storm: { devices: 2000, concurrency: 50, rounds: 2, addresses: null },
    api: { devices: 1000, page: 100, requests: 1000, concurrency: 4 },
    agent: { messages: 2000, ratePerSec: 100, fleet: 200 },
    fanout: { ...FANOUT, devices: 10_000 },
    jobs: { jobs: 5000, rollouts: 50, devicesPerRollout: 4 },
  },
  large: {
    ingest: { devices: 1000, messages: 500_000, window: 20, pacedRate: null, pacedSeconds: 20 },
    dbWrite: { rows: 1_000_000, batch: 5000, devices: 10_000, rounds: 2 },
    storm: { devices: 10_000, concurrency: 50, rounds: 2, addresses: null },
    api: { devices: 10_000, page: 100, requests: 5000, concurrency: 8 },
    agent: { messages: 5000, ratePerSec: 200, fleet: 2000 },
    fanout: { ...FANOUT, devices: 20_000, stages: [1, 5, 10, 25, 50, 75, 100] },
    jobs: { jobs: 20_000, rollouts: 200, devicesPerRollout: 4 },
  },
};

export const USAGE = `npm run bench [-- <name>…] [options]
  names: ${BENCHMARK_NAMES.join(', ')} (default: all)
  --size small|default|large   preset sizes (default: default, well under 10 minutes on 2 cores)
  --ingest-devices N --ingest-messages N --ingest-window N --ingest-rate MSG_PER_S --ingest-paced-seconds S
  --rows N --db-batch N --db-rounds N
  --storm-devices N --storm-concurrency N (connects pending at once) --storm-rounds N
  --storm-addresses N (127.0.0.x source addresses to spread connections over)
  --api-devices N --api-requests N --api-concurrency N --api-page N
  --agent-messages N --agent-rate MSG_PER_S --fleet-devices N
  --devices N (rollout-fanout fleet) --fanout-stages P,P,…,100 --fanout-max-concurrent N
  --fanout-reports healthy|agent --fanout-clients N --fanout-window N (bare loop, in flight)
  --jobs N --jobs-rollouts N --jobs-devices N (per rollout)
  --profile            V8 CPU profiles of the measured processes, hot spots in the results
  --log-level LEVEL    control plane LOG_LEVEL (default info, as deployed)`;

export function parseOptions(argv: string[]): Options {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      size: { type: 'string', default: 'default' },
      profile: { type: 'boolean', default: false },
      'log-level': { type: 'string', default: 'info' },
      help: { type: 'boolean', default: false },
      'ingest-devices': { type: 'string' },
      'ingest-messages': { type: 'string' },
      'ingest-window': { type: 'string' },
      'ingest-rate': { type: 'string' },
      'ingest-paced-seconds': { type: 'string' },
      rows: { type: 'string' },
      'db-batch': { type: 'string' },
      'db-rounds': { type: 'string' },
      'storm-devices': { type: 'string' },
      'storm-addresses': { type: 'string' },
      'storm-concurrency': { type: 'string' },
      'storm-rounds': { type: 'string' },
      'api-devices': { type: 'string' },
      'api-requests': { type: 'string' },
      'api-concurrency': { type: 'string' },
      'api-page': { type: 'string' },
      'agent-messages': { type: 'string' },
      'agent-rate': { type: 'string' },
      'fleet-devices': { type: 'string' },
      devices: { type: 'string' },
      'fanout-stages': { type: 'string' },
      'fanout-max-concurrent': { type: 'string' },
      'fanout-reports': { type: 'string' },
      'fanout-clients': { type: 'string' },
      'fanout-window': { type: 'string' },
      jobs: { type: 'string' },
      'jobs-rollouts': { type: 'string' },
      'jobs-devices': { type: 'string' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const size = values.size as Size;
  if (!(size in SIZES)) throw new UsageError(`--size must be small, default or large, got "${values.size}"`);
  const names: BenchmarkName[] = [];
  for (const p of positionals) {
    if (p in NOT_BUILT) {
      console.log(`${p}: not measured: ${NOT_BUILT[p]}`);
      continue;
    }
    if (!(BENCHMARK_NAMES as readonly string[]).includes(p)) throw new UsageError(`unknown benchmark "${p}"`);
    names.push(p as BenchmarkName);
  }
  const base = structuredClone(SIZES[size]);
  const int = (flag: string, v: string | undefined, min: number, max: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new UsageError(`--${flag} must be an integer from ${min} to ${max}`);
    return n;
  };
  const set = <T extends object, K extends keyof T>(obj: T, key: K, v: T[K] | undefined): void => {
    if (v !== undefined) obj[key] = v;
  };
  set(base.ingest, 'devices', int('ingest-devices', values['ingest-devices'], 1, 10_000));
  set(base.ingest, 'messages', int('ingest-messages', values['ingest-messages'], 100, 10_000_000));
  set(base.ingest, 'window', int('ingest-window', values['ingest-window'], 1, 100));
  set(base.ingest, 'pacedRate', int('ingest-rate', values['ingest-rate'], 10, 1_000_000));
  set(base.ingest, 'pacedSeconds', int('ingest-paced-seconds', values['ingest-paced-seconds'], 1, 300));
  set(base.dbWrite, 'rows', int('rows', values.rows, 1000, 20_000_000));
  set(base.dbWrite, 'batch', int('db-batch', values['db-batch'], 1, 50_000));
  set(base.dbWrite, 'rounds', int('db-rounds', values['db-rounds'], 1, 10));
  set(base.storm, 'devices', int('storm-devices', values['storm-devices'], 1, 60_000));
  set(base.storm, 'concurrency', int('storm-concurrency', values['storm-concurrency'], 1, 10_000));
  set(base.storm, 'rounds', int('storm-rounds', values['storm-rounds'], 1, 10));
  set(base.storm, 'addresses', int('storm-addresses', values['storm-addresses'], 1, 250));
  set(base.api, 'devices', int('api-devices', values['api-devices'], 1, 1_000_000));
  set(base.api, 'requests', int('api-requests', values['api-requests'], 10, 1_000_000));
  set(base.api, 'concurrency', int('api-concurrency', values['api-concurrency'], 1, 256));
  set(base.api, 'page', int('api-page', values['api-page'], 1, 500));
  set(base.agent, 'messages', int('agent-messages', values['agent-messages'], 100, 1_000_000));
  set(base.agent, 'ratePerSec', int('agent-rate', values['agent-rate'], 1, 1000));
  set(base.agent, 'fleet', int('fleet-devices', values['fleet-devices'], 1, 20_000));
  set(base.fanout, 'devices', int('devices', values.devices, 4, 100_000));
  set(base.fanout, 'maxConcurrent', int('fanout-max-concurrent', values['fanout-max-concurrent'], 1, 100_000));
  set(base.fanout, 'clients', int('fanout-clients', values['fanout-clients'], 1, 64));
  set(base.fanout, 'bareWindow', int('fanout-window', values['fanout-window'], 1, 100_000));
  if (values['fanout-stages'] !== undefined) {
    const stages = values['fanout-stages'].split(',').map(Number);
    if (
      stages.some((p, i) => !(p > 0 && p <= 100) || (i > 0 && p <= stages[i - 1]!)) ||
      stages.at(-1) !== 100 ||
      stages.length > 10
    )
      throw new UsageError('--fanout-stages must be up to 10 growing percentages ending in 100, e.g. 1,10,100');
    base.fanout.stages = stages;
  }
  if (values['fanout-reports'] !== undefined) {
    if (values['fanout-reports'] !== 'healthy' && values['fanout-reports'] !== 'agent')
      throw new UsageError('--fanout-reports must be healthy or agent');
    base.fanout.reports = values['fanout-reports'];
  }
  set(base.jobs, 'jobs', int('jobs', values.jobs, 10, 1_000_000));
  set(base.jobs, 'rollouts', int('jobs-rollouts', values['jobs-rollouts'], 1, 10_000));
  set(base.jobs, 'devicesPerRollout', int('jobs-devices', values['jobs-devices'], 1, 1000));
  return {
    names: names.length ? names : positionals.length ? [] : [...BENCHMARK_NAMES],
    size,
    profile: values.profile,
    logLevel: values['log-level'],
    ...base,
  };
}

export class UsageError extends Error {}
