import { parseArgs } from 'node:util';
import { FleetSimulator } from '../fleet/fleet-simulator.js';
import { onShutdown } from './on-shutdown.js';

export async function runFleet(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      devices: { type: 'string', default: '5' },
      'mqtt-url': { type: 'string', default: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883' },
      heartbeat: { type: 'string', default: process.env.HEARTBEAT_SEC ?? '5' },
      prefix: { type: 'string', default: 'sim' },
      seed: { type: 'string', default: '1' },
      'work-dir': { type: 'string' },
      'time-factor': { type: 'string' },
      /** Pins the control plane's key (GET /signing-key), as enrollment would. */
      'signing-key-url': { type: 'string' },
    },
  });
  const devices = Number(values.devices);
  const heartbeatSec = Number(values.heartbeat);
  if (!Number.isInteger(devices) || devices < 1 || devices > 100_000) {
    console.error(`--devices must be an integer from 1 to 100000, got "${values.devices}"`);
    return 2;
  }
  if (!(heartbeatSec > 0 && heartbeatSec <= 3600)) {
    console.error(`--heartbeat must be seconds in (0, 3600], got "${values.heartbeat}"`);
    return 2;
  }
  let signingPublicKeyPem: string | undefined;
  if (values['signing-key-url']) {
    try {
      const res = await fetch(values['signing-key-url']);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      signingPublicKeyPem = ((await res.json()) as { publicKeyPem: string }).publicKeyPem;
    } catch (err) {
      console.error(`cannot read the signing key from ${values['signing-key-url']}: ${(err as Error).message}`);
      return 1;
    }
  }
  const timeFactor = values['time-factor'] === undefined ? undefined : Number(values['time-factor']);
  if (timeFactor !== undefined && !(timeFactor > 0 && timeFactor <= 10)) {
    console.error(`--time-factor must be in (0, 10], got "${values['time-factor']}"`);
    return 2;
  }
  const fleet = new FleetSimulator({
    devices,
    heartbeatSec,
    mqttUrl: values['mqtt-url'],
    idPrefix: values.prefix,
    seed: Number(values.seed) || 1,
    rampMs: Math.min(5000, devices * 20),
    ...(signingPublicKeyPem ? { signingPublicKeyPem } : {}),
    ...(values['work-dir'] ? { workDir: values['work-dir'] } : {}),
    ...(timeFactor === undefined ? {} : { timeFactor }),
    log: (msg) => console.error(msg),
  });
  await fleet.start();
  console.log(`simulated fleet: ${devices} devices connecting to ${values['mqtt-url']}`);
  await onShutdown(() => fleet.stop());
  return 0;
}
