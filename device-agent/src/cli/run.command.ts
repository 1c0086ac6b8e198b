import { isModuleId } from '@jetfleet/jetson';
import { DeviceAgent } from '../device-agent.js';
import { SimulatedAdapter } from '../hardware/simulated/simulated.adapter.js';
import { agentEnvSchema } from './agent-env.js';
import { onShutdown } from './on-shutdown.js';

export async function runAgent(env: NodeJS.ProcessEnv): Promise<number> {
  const parsed = agentEnvSchema.safeParse(env);
  if (!parsed.success) {
    for (const i of parsed.error.issues) console.error(`config: ${i.path.join('.')}: ${i.message}`);
    return 2;
  }
  const cfg = parsed.data;
  if (cfg.JETFLEET_HARDWARE === 'jetson') {
    console.error('config: JETFLEET_HARDWARE=jetson is not available in this build; use simulated');
    return 2;
  }
  if (!isModuleId(cfg.SIM_MODULE)) {
    console.error(`config: SIM_MODULE: unknown module "${cfg.SIM_MODULE}"`);
    return 2;
  }
  const adapter = new SimulatedAdapter({
    module: cfg.SIM_MODULE,
    l4t: cfg.SIM_L4T,
    diskTotalMB: 59_000,
    diskFreeMB: 30_000,
    seed: 1,
  });
  const agent = new DeviceAgent(
    {
      deviceId: cfg.JETFLEET_DEVICE_ID,
      mqttUrl: cfg.MQTT_URL,
      heartbeatSec: cfg.HEARTBEAT_SEC,
      ...(cfg.MQTT_USERNAME ? { username: cfg.MQTT_USERNAME } : {}),
      ...(cfg.MQTT_PASSWORD ? { password: cfg.MQTT_PASSWORD } : {}),
      log: (level, msg) => console[level === 'info' ? 'log' : level](`[${cfg.JETFLEET_DEVICE_ID}] ${msg}`),
    },
    adapter,
  );
  agent.start();
  await onShutdown(() => agent.stop());
  return 0;
}
