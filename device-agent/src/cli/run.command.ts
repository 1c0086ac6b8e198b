import { isModuleId } from '@jetfleet/jetson';
import { DeviceAgent } from '../device-agent.js';
import { defaultSimL4t, simSupports } from '../hardware/simulated/sim-generation.util.js';
import type { HardwareAdapter } from '../hardware/hardware-adapter.js';
import { JetsonAdapter } from '../hardware/jetson/jetson.adapter.js';
import { SimulatedAdapter } from '../hardware/simulated/simulated.adapter.js';
import { agentEnvSchema, type AgentEnv } from './agent-env.js';
import { credentialsEnv, loadCredentials } from './credentials-file.js';
import { onShutdown } from './on-shutdown.js';

export async function runAgent(env: NodeJS.ProcessEnv, args: string[] = []): Promise<number> {
  // `--credentials F` (from `jetfleet-agent enroll`) supplies the device id and broker login.
  const at = args.indexOf('--credentials');
  const credentialsPath = at >= 0 ? (args[at + 1] ?? '') : env.JETFLEET_CREDENTIALS;
  if (credentialsPath !== undefined) {
    try {
      env = { ...env, ...credentialsEnv(await loadCredentials(credentialsPath)) };
    } catch (err) {
      console.error(`credentials: ${(err as Error).message}`);
      return 2;
    }
  }
  const parsed = agentEnvSchema.safeParse(env);
  if (!parsed.success) {
    for (const i of parsed.error.issues) console.error(`config: ${i.path.join('.')}: ${i.message}`);
    return 2;
  }
  const cfg = parsed.data;
  if (cfg.JETFLEET_HARDWARE === 'jetson') return runWith(cfg, JetsonAdapter.forHost());
  if (!isModuleId(cfg.SIM_MODULE)) {
    console.error(`config: SIM_MODULE: unknown module "${cfg.SIM_MODULE}"`);
    return 2;
  }
  // The default L4T (JetPack 6) is not one every module runs: without an explicit SIM_L4T, pick one it does.
  const l4t =
    env.SIM_L4T === undefined && !simSupports(cfg.SIM_MODULE, cfg.SIM_L4T)
      ? defaultSimL4t(cfg.SIM_MODULE)
      : cfg.SIM_L4T;
  let adapter: SimulatedAdapter;
  try {
    adapter = new SimulatedAdapter({ module: cfg.SIM_MODULE, l4t, diskTotalMB: 59_000, diskFreeMB: 30_000, seed: 1 });
  } catch (err) {
    console.error(`config: SIM_MODULE/SIM_L4T: ${(err as Error).message}`);
    return 2;
  }
  return runWith(cfg, adapter);
}

async function runWith(cfg: AgentEnv, adapter: HardwareAdapter): Promise<number> {
  const agent = new DeviceAgent(
    {
      deviceId: cfg.JETFLEET_DEVICE_ID,
      mqttUrl: cfg.MQTT_URL,
      heartbeatSec: cfg.HEARTBEAT_SEC,
      ...(cfg.MQTT_USERNAME ? { username: cfg.MQTT_USERNAME } : {}),
      ...(cfg.MQTT_PASSWORD ? { password: cfg.MQTT_PASSWORD } : {}),
      ...(cfg.JETFLEET_SIGNING_PUBLIC_KEY_PEM ? { signingPublicKeyPem: cfg.JETFLEET_SIGNING_PUBLIC_KEY_PEM } : {}),
      log: (level, msg) => console[level === 'info' ? 'log' : level](`[${cfg.JETFLEET_DEVICE_ID}] ${msg}`),
    },
    adapter,
  );
  agent.start();
  await onShutdown(() => agent.stop());
  return 0;
}
