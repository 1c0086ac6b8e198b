import mqtt from 'mqtt';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { startSecureBroker } from './scripts/secure-broker.mjs';
const variant = process.argv[2];
const dir = fs.mkdtempSync('/tmp/jf-dbg-');
const b0 = await startSecureBroker({ port: 18897, dir, adminPassword: 'adm' }); await b0.stop();
let conf = fs.readFileSync(dir + '/mosquitto.conf', 'utf8');
if (variant === 'noqueue') conf = conf.replace(/^max_queued_messages 0$/m, '');
if (variant === 'noinflight') conf = conf.replace(/^max_inflight_messages 100$/m, '');
fs.writeFileSync(dir + '/mosquitto.conf', conf);
const child = spawn('mosquitto', ['-c', dir + '/mosquitto.conf'], { stdio: 'ignore' });
await new Promise(r => setTimeout(r, 500));
const url = 'mqtt://127.0.0.1:18897';
const conn = (o) => new Promise((res, rej) => { const c = mqtt.connect(url, { protocolVersion: 5, reconnectPeriod: 0, ...o }); c.once('connect', () => res(c)); c.once('error', rej); });
const admin = await conn({ username: 'jetfleet-control-plane', password: 'adm' });
await admin.publishAsync('$CONTROL/dynamic-security/v1', JSON.stringify({ commands: [{ command: 'createRole', rolename: 'r-A', acls: [{ acltype: 'publishClientSend', topic: 'jetfleet/v1/devices/A/telemetry', allow: true }] }, { command: 'createClient', username: 'A', password: 'p', roles: [{ rolename: 'r-A' }] }] }));
await new Promise(r => setTimeout(r, 300));
const a = await conn({ username: 'A', password: 'p', clientId: 'x' });
a.on('error', () => {});
let closed = false; a.on('close', () => { closed = true; });
const res = [];
for (const [t, q] of [['jetfleet/v1/devices/B/desired', 1], ['jetfleet/v1/devices/A/telemetry', 1], ['jetfleet/v1/devices/B/x', 0], ['jetfleet/v1/devices/A/telemetry', 1]]) {
  res.push(await Promise.race([a.publishAsync(t, 'x', { qos: q }).then(() => 'ok', (e) => 'err ' + e.code), new Promise(r => setTimeout(() => r('TIMEOUT'), 1000))]));
}
console.log(variant, res, 'closed', closed);
child.kill(); process.exit(0);
