import { MAX_PAYLOAD_BYTES, TOPIC_ROOT, topics, type RejectReason } from '@jetfleet/protocol';
import { makeBirth } from './device-factory.js';
import { SeededRandom } from './seeded-random.js';

/**
 * Where a hostile device message ends up: `ingest` — the broker delivers it to the control plane's
 * subscriptions and the ingest must reject it with `reason`; `unrouted` — the broker accepts it but
 * no control-plane subscription matches (a device publishing `desired` or a job command, a channel
 * that does not exist); `broker_refused` — the broker itself refuses it and drops the publisher's
 * connection (over max_packet_size, wildcards or NUL in the topic, `$SYS`).
 */
export type HostileMessage = { category: string; topic: string; payload: Buffer } & (
  { route: 'ingest'; reason: RejectReason } | { route: 'unrouted' | 'broker_refused' }
);

export interface HostileCorpusOptions {
  seed: number;
  /** Messages drawn from the weighted categories; a few fixed-size large ones are added on top. */
  count: number;
  /** Registered devices: their topics get garbage too, as another device would send it. */
  victimIds: readonly string[];
  /** Prefix of well-formed device ids that must never get a row (e.g. `fuzz-ghost`). */
  ghostPrefix: string;
  /** The broker's max_packet_size (infra/mosquitto/mosquitto.conf). */
  brokerMaxPacketBytes: number;
  /** Payloads above MAX_PAYLOAD_BYTES that the broker still passes (default 24). */
  tooLargeCount?: number;
}

type Channel = 'status' | 'telemetry' | 'reported' | 'jobs';
type Doc = Record<string, unknown>;
type Kind =
  'str' | 'text' | 'strNull' | 'num' | 'int' | 'numNull' | 'iso' | 'enum' | 'obj' | 'objNull' | 'arr' | 'bool';

const TS = '2025-01-01T00:00:00.000Z';
const JOB_ID = 'job-fuzz-1';

/** Values that are invalid for a field of each kind (null is valid for the nullable kinds, so not listed there). */
const WRONG: Record<Kind, unknown[]> = {
  str: [7, true, null, {}, ['x'], ''],
  text: [7, true, null, {}, ['x']],
  strNull: [7, false, {}, ['x']],
  num: ['7', true, null, {}, [7]],
  int: ['7', true, null, {}, [7], 1.5],
  numNull: ['7', true, {}, [7]],
  iso: ['yesterday', '2024-13-45T99:00:00Z', 1735689600000, null, '', '2025-01-01', '2025-01-01 00:00:00'],
  enum: ['bogus', 7, null, '', 'ONLINE', 'IDLE'],
  obj: ['x', 7, [], null, true],
  objNull: ['x', 7, [], true],
  arr: ['x', 7, {}, null, true],
  bool: ['true', 1, null, {}, []],
};

/** Every field of each inbound document, with its kind; paths index into arrays with numbers. */
const FIELDS: Record<Channel, [string, Kind][]> = {
  status: [
    ['state', 'enum'],
    ['protocolVersion', 'int'],
    ['agentVersion', 'str'],
    ['sessionId', 'str'],
    ['heartbeatSec', 'num'],
    ['ts', 'iso'],
    ['hardware', 'obj'],
    ['hardware.module', 'str'],
    ['hardware.l4t', 'strNull'],
    ['hardware.jetpack', 'strNull'],
    ['hardware.tensorrt', 'strNull'],
    ['hardware.cuda', 'strNull'],
    ['hardware.smArch', 'strNull'],
    ['hardware.dlaCores', 'int'],
    ['hardware.cpuCores', 'int'],
    ['hardware.ramTotalMB', 'int'],
    ['hardware.diskTotalMB', 'int'],
    ['hardware.diskFreeMB', 'int'],
    ['hardware.powerMode', 'strNull'],
    ['hardware.simulated', 'bool'],
  ],
  telemetry: [
    ['seq', 'int'],
    ['sessionId', 'str'],
    ['samples', 'arr'],
    ['samples.0', 'obj'],
    ['samples.0.ts', 'iso'],
    ['samples.0.powerMw', 'numNull'],
    ['samples.0.temps', 'obj'],
    ['samples.0.rails', 'obj'],
    ['samples.0.gpuLoadPct', 'numNull'],
    ['samples.0.cpuLoadPct', 'numNull'],
    ['samples.0.latencyP95Ms', 'numNull'],
    ['samples.0.ap50', 'numNull'],
    ['samples.0.powerMode', 'strNull'],
  ],
  reported: [
    ['appliedRev', 'int'],
    ['targetRev', 'int'],
    ['phase', 'enum'],
    ['powerMode', 'strNull'],
    ['powerModeId', 'numNull'],
    ['activeModelVersionId', 'strNull'],
    ['activeEngineSha256', 'strNull'],
    ['verification', 'objNull'],
    ['error', 'objNull'],
    ['ts', 'iso'],
  ],
  jobs: [
    ['jobId', 'str'],
    ['state', 'enum'],
    ['progressPct', 'num'],
    ['message', 'text'],
    ['result', 'obj'],
    ['ts', 'iso'],
  ],
};

/** In range for JSON but out of range (or not an integer) for the protocol. */
const ABSURD: Record<Channel, [string, number][]> = {
  status: [
    ['protocolVersion', 0],
    ['protocolVersion', -1],
    ['protocolVersion', 1.5],
    ['heartbeatSec', 0],
    ['heartbeatSec', -5],
    ['heartbeatSec', 1e9],
    ['hardware.dlaCores', 9],
    ['hardware.dlaCores', -1],
    ['hardware.cpuCores', 0],
    ['hardware.cpuCores', 65],
    ['hardware.ramTotalMB', 0],
    ['hardware.diskFreeMB', -1],
    ['hardware.ramTotalMB', 2.5],
  ],
  telemetry: [
    ['seq', -1],
    ['seq', 1.5],
    ['samples.0.powerMw', -1],
    ['samples.0.powerMw', 1e7],
    ['samples.0.temps.gpu', 500],
    ['samples.0.temps.gpu', -273],
    ['samples.0.gpuLoadPct', 101],
    ['samples.0.ap50', 1.5],
    ['samples.0.latencyP95Ms', 1e6],
    ['samples.0.gpuFreqMHz', 1e5],
    ['samples.0.rails.VDD_IN.curMw', -3],
  ],
  reported: [
    ['appliedRev', -1],
    ['appliedRev', 1.5],
    ['powerModeId', 256],
    ['powerModeId', -1],
    ['verification.ap50', 2],
    ['verification.latencyP95Ms', -0.1],
  ],
  jobs: [
    ['progressPct', 101],
    ['progressPct', -1],
    ['progressPct', 1e308],
  ],
};

/** Numeric literals that JSON does not have (invalid_json), and ones it has that overflow to ±Infinity. */
const RAW_NUMBERS: [string, RejectReason][] = [
  ['NaN', 'invalid_json'],
  ['Infinity', 'invalid_json'],
  ['-Infinity', 'invalid_json'],
  ['0x10', 'invalid_json'],
  ['01', 'invalid_json'],
  ['.5', 'invalid_json'],
  ['+1', 'invalid_json'],
  ['1_000', 'invalid_json'],
  ['undefined', 'invalid_json'],
  ['1e400', 'invalid_schema'],
  ['-1e400', 'invalid_schema'],
];

const BROKEN_JSON = [
  '{',
  '}',
  '{"state":',
  "{'state':'online'}",
  '{state:"online"}',
  '{"seq":1,}',
  '[1,2,]',
  '// comment\n{}',
  '/* c */ {}',
  '{"a":1}garbage',
  '{"a":1}{"a":2}',
  '"unterminated',
  'tru',
  'nul',
  '{"a":"\u0001"}',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '{"a" 1}',
  '{"a":1 "b":2}',
  '<xml/>',
  'state=online',
  '\u0000',
  '{"a":[}',
];

const BAD_DEVICE_IDS = [
  '-lead',
  '.dot',
  '_under',
  'a'.repeat(65),
  'x'.repeat(1000),
  'has space',
  'semi;colon',
  "quote'",
  'dollar$',
  'é-accent',
  'emoji-😀',
  'zero\u200bwidth',
  'rtl\u202eevil',
  'lone\ud800surrogate',
  'percent%2F',
  'back\\slash',
  "x');DROP TABLE devices;--",
  '<img src=x onerror=alert(1)>',
  'bom\ufeffid',
  'fullwidth\uff41',
  'ünïcödé',
];

const CHANNELS: Channel[] = ['status', 'telemetry', 'reported', 'jobs'];

const WEIGHTS = {
  invalidJson: 8,
  truncated: 8,
  empty: 2,
  binary: 6,
  utf16: 2,
  deepNesting: 3,
  hugeWithinLimit: 4,
  wrongType: 25,
  absurd: 10,
  rawNumber: 5,
  missingField: 5,
  notAnObject: 3,
  extraFields: 3,
  protoPollution: 4,
  unicodeValues: 4,
  wrongChannel: 6,
  badDeviceId: 8,
  emptyTopicLevel: 2,
  unrouted: 8,
} as const;
type Category = keyof typeof WEIGHTS;

function baseDoc(channel: Channel): Doc {
  switch (channel) {
    case 'status':
      return { ...makeBirth('fuzz-session'), ts: TS };
    case 'telemetry':
      return {
        seq: 1,
        sessionId: 'fuzz-session',
        samples: [
          {
            ts: TS,
            powerMw: 5000,
            rails: { VDD_IN: { curMw: 5000, avgMw: 4900 } },
            temps: { gpu: 45 },
            gpuLoadPct: 50,
            cpuLoadPct: 20,
            gpuFreqMHz: 900,
            latencyP95Ms: 12,
            ap50: 0.7,
            powerMode: '15W',
          },
        ],
      };
    case 'reported':
      return {
        appliedRev: 0,
        targetRev: 1,
        phase: 'idle',
        powerMode: '15W',
        powerModeId: 2,
        activeModelVersionId: null,
        activeEngineSha256: null,
        verification: { latencyP95Ms: 10, fps: 90, ap50: 0.7 },
        error: null,
        ts: TS,
      };
    case 'jobs':
      return { jobId: JOB_ID, state: 'running', progressPct: 10, message: 'building', result: {}, ts: TS };
  }
}

function topicFor(channel: Channel, deviceId: string): string {
  return channel === 'jobs' ? topics.jobProgress(deviceId, JOB_ID) : topics[channel](deviceId);
}

function setPath(doc: Doc, path: string, value: unknown): Doc {
  const keys = path.split('.');
  let node = doc as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
  return doc;
}

function deletePath(doc: Doc, path: string): Doc {
  const keys = path.split('.');
  let node = doc as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  delete node[keys.at(-1)!];
  return doc;
}

/** Required fields: deleting any of these makes the document invalid. */
const REQUIRED: Record<Channel, string[]> = {
  status: [
    'state',
    'protocolVersion',
    'agentVersion',
    'sessionId',
    'heartbeatSec',
    'hardware',
    'ts',
    'hardware.module',
  ],
  telemetry: ['seq', 'sessionId', 'samples', 'samples.0.ts', 'samples.0.powerMw'],
  reported: ['appliedRev', 'phase', 'powerMode', 'activeModelVersionId', 'ts'],
  jobs: ['jobId', 'state', 'ts'],
};

/** One invalid change to a valid document, for categories that hide their defect behind something else. */
function defect(rng: SeededRandom, channel: Channel, doc: Doc): Doc {
  const [path, kind] = rng.pick(FIELDS[channel]);
  return setPath(doc, path, structuredClone(rng.pick(WRONG[kind])));
}

/**
 * A deterministic corpus of hostile device messages: the same options give byte-identical
 * messages, so a failure can be replayed. Every message declares where it must end up and,
 * for the ones the control plane receives, the rejection reason it must be counted under.
 */
export function hostileDeviceMessages(opts: HostileCorpusOptions): HostileMessage[] {
  const rng = new SeededRandom(opts.seed);
  const out: HostileMessage[] = [];
  const ghost = () => `${opts.ghostPrefix}-${rng.int(0, 9999)}`;
  /** A well-formed device id: a registered device's (another device's id) or one that must never exist. */
  const target = () => (rng.next() < 0.5 ? rng.pick(opts.victimIds) : ghost());
  const ingest = (category: string, topic: string, payload: Buffer | string, reason: RejectReason): HostileMessage => ({
    category,
    topic,
    payload: Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'utf8'),
    route: 'ingest',
    reason,
  });
  const onChannel = (category: string, payload: Buffer | string, reason: RejectReason, channel?: Channel) =>
    ingest(category, topicFor(channel ?? rng.pick(CHANNELS), target()), payload, reason);

  const make: Record<Category, () => HostileMessage> = {
    invalidJson: () => onChannel('invalid_json', rng.pick(BROKEN_JSON), 'invalid_json'),
    truncated: () => {
      const channel = rng.pick(CHANNELS);
      const text = JSON.stringify(baseDoc(channel));
      return onChannel('truncated_json', text.slice(0, rng.int(1, text.length - 1)), 'invalid_json', channel);
    },
    empty: () => onChannel('empty_payload', Buffer.alloc(0), 'invalid_json'),
    // 0xff is never valid UTF-8, so the decoded text cannot start a JSON value.
    binary: () =>
      onChannel('binary_garbage', Buffer.concat([Buffer.from([0xff]), rng.bytes(rng.int(0, 4096))]), 'invalid_json'),
    utf16: () => {
      const channel = rng.pick(CHANNELS);
      return onChannel('utf16_json', Buffer.from(JSON.stringify(baseDoc(channel)), 'utf16le'), 'invalid_json', channel);
    },
    deepNesting: () => {
      const depth = rng.int(1_000, 40_000);
      if (rng.next() < 0.5) return onChannel('deep_nesting', '['.repeat(depth) + ']'.repeat(depth), 'invalid_schema');
      const channel = rng.pick(['status', 'telemetry'] as const);
      const nested = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      const path = channel === 'status' ? 'hardware' : 'samples';
      const text = JSON.stringify(setPath(baseDoc(channel), path, '@@NESTED@@')).replace('"@@NESTED@@"', nested);
      return onChannel('deep_nesting', text, 'invalid_schema', channel);
    },
    hugeWithinLimit: () => {
      const variant = rng.int(0, 3);
      const doc =
        variant === 0
          ? setPath(baseDoc('status'), 'agentVersion', 'v'.repeat(rng.int(33, 200_000)))
          : variant === 1
            ? setPath(
                baseDoc('telemetry'),
                'samples',
                Array.from({ length: rng.int(601, 2500) }, () => ({ ts: TS, powerMw: 1 })),
              )
            : variant === 2
              ? setPath(
                  baseDoc('telemetry'),
                  'samples.0.temps',
                  Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`zone-${i}-${'z'.repeat(30)}`, 40])),
                )
              : setPath(baseDoc('jobs'), 'message', 'm'.repeat(rng.int(2001, 200_000)));
      const channel: Channel = variant === 0 ? 'status' : variant === 3 ? 'jobs' : 'telemetry';
      return onChannel('huge_within_limit', JSON.stringify(doc), 'invalid_schema', channel);
    },
    wrongType: () => {
      const channel = rng.pick(CHANNELS);
      const [path, kind] = rng.pick(FIELDS[channel]);
      const doc = setPath(baseDoc(channel), path, structuredClone(rng.pick(WRONG[kind])));
      return onChannel(`wrong_type:${channel}`, JSON.stringify(doc), 'invalid_schema', channel);
    },
    absurd: () => {
      const channel = rng.pick(CHANNELS);
      const [path, value] = rng.pick(ABSURD[channel]);
      return onChannel(
        'absurd_number',
        JSON.stringify(setPath(baseDoc(channel), path, value)),
        'invalid_schema',
        channel,
      );
    },
    rawNumber: () => {
      const channel = rng.pick(CHANNELS);
      const path = rng.pick(FIELDS[channel].filter(([, k]) => k === 'num' || k === 'int' || k === 'numNull'))[0];
      const [token, reason] = rng.pick(RAW_NUMBERS);
      const text = JSON.stringify(setPath(baseDoc(channel), path, '@@RAW@@')).replace('"@@RAW@@"', token);
      return onChannel('nan_infinity', text, reason, channel);
    },
    missingField: () => {
      const channel = rng.pick(CHANNELS);
      const doc = deletePath(baseDoc(channel), rng.pick(REQUIRED[channel]));
      return onChannel('missing_field', JSON.stringify(doc), 'invalid_schema', channel);
    },
    notAnObject: () =>
      onChannel('not_an_object', rng.pick(['[]', '"online"', '42', 'null', 'true', '[{}]', '{}']), 'invalid_schema'),
    // Unknown fields alone are tolerated (a newer agent may add some), so each of these also carries a defect.
    extraFields: () => {
      const channel = rng.pick(CHANNELS);
      const doc = {
        ...defect(rng, channel, baseDoc(channel)),
        admin: true,
        isAdmin: 'yes',
        $where: '1==1',
        [`x${rng.int(0, 999)}`]: 'x'.repeat(rng.int(0, 5000)),
      };
      return onChannel('extra_fields', JSON.stringify(doc), 'invalid_schema', channel);
    },
    // JSON.parse makes `__proto__` an own key; a valid document hidden behind it must not be read through it.
    protoPollution: () => {
      const channel = rng.pick(CHANNELS);
      const valid = JSON.stringify(baseDoc(channel));
      const broken = JSON.stringify(defect(rng, channel, baseDoc(channel))).slice(1);
      const text = rng.pick([
        `{"__proto__":${valid}}`,
        `{"constructor":{"prototype":${valid}}}`,
        `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},${broken}`,
        `{"prototype":{"polluted":"yes"},${broken}`,
      ]);
      return onChannel('prototype_pollution', text, 'invalid_schema', channel);
    },
    unicodeValues: () => {
      const variant = rng.int(0, 5);
      if (variant === 5) {
        // An invalid UTF-8 byte in an enum value decodes to U+FFFD.
        const bytes = Buffer.from(JSON.stringify(baseDoc('status')).replace('"online"', '"onl@ine"'), 'utf8');
        bytes[bytes.indexOf('@')] = 0xc0;
        return onChannel('unicode', bytes, 'invalid_schema', 'status');
      }
      const cases: [Channel, string, string][] = [
        ['status', 'state', '\u043enline'], // Cyrillic о
        ['status', 'sessionId', '😀'.repeat(65)], // over 64 however counted
        ['reported', 'phase', 'idle\u200b'],
        ['jobs', 'ts', '\uff12\uff10\uff12\uff15-01-01T00:00:00Z'], // fullwidth digits
        ['reported', 'phase', '\ud800idle'], // lone surrogate
      ];
      const [channel, path, value] = cases[variant]!;
      return onChannel('unicode', JSON.stringify(setPath(baseDoc(channel), path, value)), 'invalid_schema', channel);
    },
    wrongChannel: () => {
      const [docChannel, topicChannel] = rng.pick<[Channel, Channel]>([
        ['telemetry', 'status'],
        ['status', 'telemetry'],
        ['status', 'reported'],
        ['jobs', 'reported'],
        ['reported', 'jobs'],
        ['telemetry', 'jobs'],
        ['jobs', 'status'],
      ]);
      return onChannel('wrong_channel', JSON.stringify(baseDoc(docChannel)), 'invalid_schema', topicChannel);
    },
    badDeviceId: () => {
      const channel = rng.pick(CHANNELS);
      const payload = rng.next() < 0.5 ? JSON.stringify(baseDoc(channel)) : rng.pick(BROKEN_JSON);
      return ingest('bad_device_id', topicFor(channel, rng.pick(BAD_DEVICE_IDS)), payload, 'invalid_device_id');
    },
    emptyTopicLevel: () => {
      const topic = rng.pick([
        `${TOPIC_ROOT}/devices//status`,
        `${TOPIC_ROOT}/devices//telemetry`,
        `${TOPIC_ROOT}/devices/${target()}/jobs//progress`,
      ]);
      return ingest('empty_topic_level', topic, JSON.stringify(baseDoc('status')), 'unknown_topic');
    },
    unrouted: () => {
      const id = target();
      const desired = {
        rev: 999_999,
        issuedAt: TS,
        model: null,
        powerMode: { name: 'MAXN', id: 0, allowReboot: true },
      };
      const command = {
        jobId: 'evil',
        kind: 'build-engine',
        issuedAt: TS,
        deadlineSec: 60,
        params: { url: 'http://evil' },
      };
      const [topic, payload] = rng.pick<[string, unknown]>([
        [topics.desired(id), desired],
        [topics.job(id, 'evil'), command],
        [`${topics.jobProgress(id, 'x')}/extra`, baseDoc('jobs')],
        [`${topics.status(id)}/extra`, baseDoc('status')],
        [`${TOPIC_ROOT}/devices/${id}/Telemetry`, baseDoc('telemetry')],
        [`${TOPIC_ROOT}/devices/${id}/statüs`, baseDoc('status')],
        [`${TOPIC_ROOT}/devices/${id}/`, baseDoc('status')],
        [`${TOPIC_ROOT}/devices/${id}`, baseDoc('status')],
        [`${TOPIC_ROOT}/devices/${id}/extra/status`, baseDoc('status')],
        [`jetfleet/v2/devices/${id}/status`, baseDoc('status')],
        [`/${topics.status(id)}`, baseDoc('status')],
        [`${TOPIC_ROOT}/device/${id}/status`, baseDoc('status')],
      ]);
      return { category: 'unrouted', topic, payload: Buffer.from(JSON.stringify(payload)), route: 'unrouted' };
    },
  };

  for (let i = 0; i < opts.count; i++) out.push(make[rng.weighted(WEIGHTS)]());

  const tooLarge = opts.tooLargeCount ?? 24;
  // Leaves room for the topic and MQTT headers under the broker's packet limit.
  const largest = opts.brokerMaxPacketBytes - 4096;
  for (let i = 0; i < tooLarge; i++) {
    const size = i === 0 ? MAX_PAYLOAD_BYTES + 1 : rng.int(MAX_PAYLOAD_BYTES + 1, largest);
    const body = i % 2 ? Buffer.alloc(size, 0x61) : Buffer.from(`{"samples":[${'1,'.repeat(size)}`.slice(0, size));
    out.push(ingest('too_large', topicFor(rng.pick(CHANNELS), target()), body, 'too_large'));
  }

  const refused = (topic: string, payload: Buffer): HostileMessage => ({
    category: 'broker_refused',
    topic,
    payload,
    route: 'broker_refused',
  });
  out.push(
    refused(topics.telemetry(target()), Buffer.alloc(opts.brokerMaxPacketBytes + 1, 0x7b)),
    refused(topics.status(target()), Buffer.alloc(opts.brokerMaxPacketBytes + rng.int(1024, 65_536), 0x20)),
    refused(`${TOPIC_ROOT}/devices/+/status`, Buffer.from(JSON.stringify(baseDoc('status')))),
    refused(`${TOPIC_ROOT}/devices/#`, Buffer.from('{}')),
    // Mosquitto refuses NUL, C0/C1 control characters and noncharacters anywhere in a topic.
    refused(`${TOPIC_ROOT}/devices/nul\u0000id/status`, Buffer.from('{}')),
    refused(`${TOPIC_ROOT}/devices/tab\tid/status`, Buffer.from('{}')),
    refused(`${TOPIC_ROOT}/devices/new\nline/telemetry`, Buffer.from('{}')),
    refused(`${TOPIC_ROOT}/devices/del\u007fid/reported`, Buffer.from('{}')),
    refused(`${TOPIC_ROOT}/devices/c1\u0085id/status`, Buffer.from('{}')),
    refused(`${TOPIC_ROOT}/devices/nonchar\uffffid/status`, Buffer.from('{}')),
    refused('$SYS/broker/evil', Buffer.from('{}')),
  );
  return out;
}

/** Counts of `route: 'ingest'` messages by the reason the control plane must count them under. */
export function expectedRejections(messages: readonly HostileMessage[]): Map<RejectReason, number> {
  const counts = new Map<RejectReason, number>();
  for (const m of messages) if (m.route === 'ingest') counts.set(m.reason, (counts.get(m.reason) ?? 0) + 1);
  return counts;
}
