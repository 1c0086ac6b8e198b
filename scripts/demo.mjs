// `npm run demo [-- --devices N]`: the control plane plus a simulated fleet on the local services.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { scenario } from './demo-scenario.mjs';
import { probe } from './services.mjs';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '40' },
    heartbeat: { type: 'string', default: '2' },
    /** Skip the rollout scenario and only run the fleet. */
    'no-scenario': { type: 'boolean', default: false },
  },
});
const devices = Number(values.devices);
if (!Number.isInteger(devices) || devices < 1 || devices > 100_000) {
  console.error(`--devices must be an integer from 1 to 100000, got "${values.devices}"`);
  process.exit(2);
}
const port = Number(process.env.PORT ?? 4000);
// The demo's admin key: BOOTSTRAP_ADMIN_API_KEY when set, else a fresh one (the old one is revoked at start-up).
const apiKey =
  process.env.BOOTSTRAP_ADMIN_API_KEY || `jf_demo${randomBytes(4).toString('hex')}_${randomBytes(32).toString('hex')}`;
const env = {
  ...process.env,
  BOOTSTRAP_ADMIN_API_KEY: apiKey,
  PORT: String(port),
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/jetfleet',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  MQTT_URL: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
};

const HOW = {
  PostgreSQL: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  Redis: 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""',
  'MQTT broker': 'mosquitto -d -c infra/mosquitto/mosquitto.conf',
};
const targets = [
  ['PostgreSQL', env.DATABASE_URL, 5432],
  ['Redis', env.REDIS_URL, 6379],
  ['MQTT broker', env.MQTT_URL, 1883],
];
let missing = 0;
for (const [name, url, defPort] of targets) {
  const u = new URL(url);
  const p = Number(u.port || defPort);
  if (!(await probe(u.hostname, p))) {
    console.error(
      `✗ ${name} is not reachable at ${u.hostname}:${p}.\n  Start it locally:  ${HOW[name]}\n  or with Docker:    docker compose up -d postgres redis mosquitto`,
    );
    missing++;
  }
}
if (missing) process.exit(1);

mkdirSync('.data/logs', { recursive: true });
const children = [];
function start(name, args) {
  const log = createWriteStream(`.data/logs/${name}.log`, { flags: 'a' });
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  children.push({ name, child });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${code ?? signal}); see .data/logs/${name}.log`);
      void shutdown(1);
    }
  });
  return child;
}

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping…');
  for (const { child } of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill('SIGTERM');
    await new Promise((r) => {
      child.once('exit', r);
      setTimeout(r, 10_000).unref();
    });
  }
  process.exit(code);
}
// If this script dies unexpectedly, its children must not outlive it.
process.on('exit', () => {
  for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
});
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

const base = `http://localhost:${port}`;
console.log(`starting control plane (logs: .data/logs/control-plane.log)…`);
start('control-plane', ['apps/control-plane/dist/main.js']);
const deadline = Date.now() + 60_000;
for (;;) {
  const ok = await fetch(`${base}/health/ready`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  if (Date.now() > deadline) {
    console.error('control plane did not become ready within 60 s; see .data/logs/control-plane.log');
    await shutdown(1);
  }
  await new Promise((r) => setTimeout(r, 300));
}
console.log(`starting ${devices} simulated devices (logs: .data/logs/fleet.log)…`);
// A fresh fleet each run: the agents' applied state must not outlive the demo's database.
rmSync('.data/demo-fleet', { recursive: true, force: true });
start('fleet', [
  'device-agent/bin/jetfleet-agent.js',
  'fleet',
  '--devices',
  String(devices),
  '--prefix',
  'demo',
  '--heartbeat',
  values.heartbeat,
  '--mqtt-url',
  env.MQTT_URL,
  '--work-dir',
  '.data/demo-fleet',
  // Builds take seconds instead of the minutes trtexec takes on a real Jetson.
  '--time-factor',
  '0.01',
  // Pinned as enrollment would: the agents refuse anything this control plane did not sign.
  '--signing-key-url',
  `${base}/signing-key`,
]);

console.log(`\nGraphQL: ${base}/graphql   (Ctrl-C to stop)`);
console.log(`Admin API key (send as "Authorization: Bearer <key>"): ${apiKey}\n`);
const query = '{ fleetSummary { devices online byModule { module online meanPowerMw } overBudget { deviceId } } }';
setInterval(async () => {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query }),
  }).catch(() => null);
  const body = res?.ok ? await res.json().catch(() => null) : null;
  const s = body?.data?.fleetSummary;
  if (!s) return;
  const power = s.byModule
    .filter((m) => m.online > 0)
    .map((m) => `${m.module} ${m.meanPowerMw === null ? 'n/a' : `${(m.meanPowerMw / 1000).toFixed(1)} W`}`)
    .join(', ');
  console.log(
    `${new Date().toISOString().slice(11, 19)}  online ${s.online}/${s.devices}  over budget ${s.overBudget.length}  mean power: ${power}`,
  );
}, 10_000).unref();
if (!values['no-scenario']) {
  await scenario({ base, apiKey, expectDevices: devices })().catch((err) =>
    console.error(`scenario failed: ${err.message}`),
  );
}
await new Promise(() => undefined);
