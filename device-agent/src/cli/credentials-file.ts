import { chmod, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { deviceIdSchema } from '@jetfleet/protocol';
import { z } from 'zod';

/** What `jetfleet-agent enroll` saves and `jetfleet-agent run --credentials` reads. */
export const credentialsFileSchema = z.object({
  deviceId: deviceIdSchema,
  mqtt: z.object({
    url: z.url(),
    username: z.string().min(1),
    password: z.string().min(1),
    clientId: z.string().min(1),
  }),
  topicsRoot: z.string().min(1),
  /** The control plane's ed25519 public key, pinned at enrollment; null until it has one. */
  signingKeyId: z.string().nullable(),
  signingPublicKeyPem: z.string().nullable(),
  controlPlaneUrl: z.url(),
  enrolledAt: z.iso.datetime(),
});

export type DeviceCredentials = z.infer<typeof credentialsFileSchema>;

/** Written to a temporary file first and renamed, so a crash never leaves half a file; readable by the owner only. */
export async function saveCredentials(path: string, creds: DeviceCredentials): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

export async function loadCredentials(path: string): Promise<DeviceCredentials> {
  const info = await stat(path);
  // The file holds the broker password: refuse one others can read, as ssh does with private keys.
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new Error(`${path} is readable by others (mode ${(info.mode & 0o777).toString(8)}); chmod 600 it`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path} is not JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = credentialsFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** The agent's environment variables that the credentials replace. */
export function credentialsEnv(creds: DeviceCredentials): Record<string, string> {
  return {
    JETFLEET_DEVICE_ID: creds.deviceId,
    MQTT_URL: creds.mqtt.url,
    MQTT_USERNAME: creds.mqtt.username,
    MQTT_PASSWORD: creds.mqtt.password,
    ...(creds.signingPublicKeyPem ? { JETFLEET_SIGNING_PUBLIC_KEY_PEM: creds.signingPublicKeyPem } : {}),
  };
}
