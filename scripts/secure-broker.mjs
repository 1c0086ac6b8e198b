// Starts Mosquitto with infra/mosquitto/mosquitto.secure.conf: no anonymous access, the
// dynamic-security plugin, and a fresh plugin state holding only the control plane's admin client.
//
//   node scripts/secure-broker.mjs [--port 18831] [--dir .data/secure-broker-18831]
//
// The admin password is MQTT_DYNSEC_PASSWORD, or a random one printed once at start. Tests import
// `startSecureBroker` instead.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, pbkdf2Sync } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './services.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CONTROL_PLANE_USERNAME = 'jetfleet-control-plane';
export const DEFAULT_SECURE_BROKER_PORT = 18831;

const PLUGIN_DIRS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/usr/lib',
  '/usr/local/lib',
  '/opt/homebrew/lib',
];

/** Mosquitto's own password format: PBKDF2-SHA512 with a 12-byte salt (what `mosquitto_ctrl dynsec init` writes). */
function hashPassword(password) {
  const salt = randomBytes(12);
  const iterations = 101;
  const hash = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
  return { password: hash.toString('base64'), salt: salt.toString('base64'), iterations };
}

const allow = (acltype, topic) => ({ acltype, topic, priority: 0, allow: true });

/**
 * The plugin's initial state. Everything is denied unless a role allows it. The control plane may
 * administer the plugin and use every jetfleet topic (shared subscriptions included); devices get a
 * client and a role of their own at enrollment.
 */
export function dynsecSeed(adminPassword, adminUsername = CONTROL_PLANE_USERNAME) {
  return {
    defaultACLAccess: { publishClientSend: false, publishClientReceive: false, subscribe: false, unsubscribe: true },
    clients: [
      {
        username: adminUsername,
        textname: 'jetfleet control plane',
        roles: [{ rolename: 'jetfleet-control-plane', priority: 0 }],
        ...hashPassword(adminPassword),
      },
    ],
    groups: [],
    roles: [
      {
        rolename: 'jetfleet-control-plane',
        textdescription: 'Administers devices on the broker and uses every jetfleet topic',
        acls: [
          allow('publishClientSend', '$CONTROL/dynamic-security/v1'),
          allow('subscribePattern', '$CONTROL/dynamic-security/v1/response'),
          allow('publishClientReceive', '$CONTROL/dynamic-security/v1/response'),
          allow('publishClientSend', 'jetfleet/v1/#'),
          allow('publishClientReceive', 'jetfleet/v1/#'),
          allow('subscribePattern', 'jetfleet/v1/#'),
          // Mosquitto 2.0 checks a shared subscription with its `$share/<group>/` prefix.
          allow('subscribePattern', '$share/+/jetfleet/v1/#'),
        ],
      },
    ],
  };
}

function findPlugin() {
  for (const dir of PLUGIN_DIRS) {
    const p = path.join(dir, 'mosquitto_dynamic_security.so');
    if (existsSync(p)) return p;
  }
  throw new Error('mosquitto_dynamic_security.so not found (Debian/Ubuntu: apt-get install mosquitto)');
}

/**
 * Run as root, Mosquitto drops to the `mosquitto` user before the plugin reads (and later rewrites)
 * its state file, so the directory must belong to that user; without one, the broker stays root.
 */
function prepareOwnership(dir, files) {
  if (process.getuid?.() !== 0) return '';
  let uid;
  let gid;
  try {
    uid = Number(execFileSync('id', ['-u', 'mosquitto'], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', 'mosquitto'], { encoding: 'utf8' }).trim());
  } catch {
    return 'user root\n';
  }
  for (const p of [dir, ...files]) chownSync(p, uid, gid);
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) {
      throw new Error(`${dir}: the mosquitto user cannot enter ${d}; use a directory under /tmp or .data`);
    }
  }
  return '';
}

/**
 * Writes a fresh plugin state for `adminPassword` into `dir` and starts Mosquitto with the secure
 * config on 127.0.0.1:`port`. Resolves once the listener accepts connections; `stop()` ends it.
 */
export async function startSecureBroker({
  port = DEFAULT_SECURE_BROKER_PORT,
  dir = path.join(REPO_ROOT, '.data', `secure-broker-${port}`),
  adminPassword,
  adminUsername = CONTROL_PLANE_USERNAME,
  host = '127.0.0.1',
} = {}) {
  if (!adminPassword) throw new Error('startSecureBroker: adminPassword is required');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const statePath = path.join(dir, 'dynamic-security.json');
  writeFileSync(statePath, JSON.stringify(dynsecSeed(adminPassword, adminUsername), null, 2), { mode: 0o600 });
  const conf = readFileSync(path.join(REPO_ROOT, 'infra/mosquitto/mosquitto.secure.conf'), 'utf8')
    .replace(/^listener 1883.*$/m, `listener ${port} ${host}`)
    .replace(/^plugin .*$/m, `plugin ${findPlugin()}`)
    .replace(/^plugin_opt_config_file .*$/m, `plugin_opt_config_file ${statePath}`);
  const confPath = path.join(dir, 'mosquitto.conf');
  writeFileSync(confPath, conf, { mode: 0o600 });
  const userLine = prepareOwnership(dir, [statePath, confPath]);
  if (userLine) writeFileSync(confPath, conf + userLine, { mode: 0o600 });

  let log = '';
  const child = spawn('mosquitto', ['-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (d) => {
    log = (log + d.toString()).slice(-20_000);
  });
  const spawnError = new Promise((resolve) => child.once('error', resolve));
  const up = await Promise.race([waitFor('127.0.0.1', port, 10_000), spawnError]);
  if (up !== true || /Error/.test(log)) {
    child.kill('SIGKILL');
    const why = up instanceof Error ? `${up.message} (apt-get install mosquitto)` : log.trim() || 'no output';
    throw new Error(`secure broker did not start on port ${port}: ${why}`);
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    dir,
    adminUsername,
    output: () => log,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(resolve, 3000).unref();
      }),
  };
}

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(argValue('--port') ?? DEFAULT_SECURE_BROKER_PORT);
  const dir = argValue('--dir');
  const given = process.env.MQTT_DYNSEC_PASSWORD;
  const adminPassword = given || randomBytes(24).toString('base64url');
  const broker = await startSecureBroker({ port, adminPassword, ...(dir ? { dir: path.resolve(dir) } : {}) });
  console.log(`secure broker on ${broker.url} (state in ${broker.dir}); control-plane settings:`);
  console.log(`  MQTT_URL=${broker.url} MQTT_USERNAME=${CONTROL_PLANE_USERNAME} MQTT_DYNSEC_ENABLED=true`);
  console.log(`  MQTT_DYNSEC_USERNAME=${CONTROL_PLANE_USERNAME}`);
  if (!given) console.log(`  MQTT_PASSWORD=MQTT_DYNSEC_PASSWORD=${adminPassword}   (shown once)`);
  const stop = async () => {
    await broker.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
