import { deviceIdSchema } from '@jetfleet/protocol';
import { z } from 'zod';

/** Configuration of a single agent, from the environment (systemd unit or container). */
export const agentEnvSchema = z.object({
  JETFLEET_DEVICE_ID: deviceIdSchema,
  MQTT_URL: z.url().default('mqtt://127.0.0.1:1883'),
  MQTT_USERNAME: z.string().optional(),
  MQTT_PASSWORD: z.string().optional(),
  /** The control plane's ed25519 public key (PEM), pinned at enrollment; without it the agent runs unverified. */
  JETFLEET_SIGNING_PUBLIC_KEY_PEM: z.string().includes('BEGIN PUBLIC KEY').optional(),
  HEARTBEAT_SEC: z.coerce.number().positive().max(3600).default(5),
  JETFLEET_HARDWARE: z.enum(['simulated', 'jetson']).default('simulated'),
  SIM_MODULE: z.string().default('orin-nx-16gb'),
  SIM_L4T: z.string().default('36.4.4'),
});

export type AgentEnv = z.infer<typeof agentEnvSchema>;
