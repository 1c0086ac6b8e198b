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
  const fleet = new FleetSimulator({
    devices,
    heartbeatSec,
    mqttUrl: values['mqtt-url'],
    idPrefix: values.prefix,
    seed: Number(values.seed) || 1,
    rampMs: Math.min(5000, devices * 20),
    log: (msg) => console.error(msg),
  });
  await fleet.start();
  console.log(`simulated fleet: ${devices} devices connecting to ${values['mqtt-url']}`);
  await onShutdown(() => fleet.stop());
  return 0;
}
