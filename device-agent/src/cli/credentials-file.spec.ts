import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialsEnv, loadCredentials, saveCredentials, type DeviceCredentials } from './credentials-file.js';

const creds: DeviceCredentials = {
  deviceId: 'cam-01',
  mqtt: { url: 'mqtt://broker:1883', username: 'cam-01', password: 'secret', clientId: 'jetfleet-dev-cam-01' },
  topicsRoot: 'jetfleet/v1/devices/cam-01',
  signingKeyId: null,
  signingPublicKeyPem: null,
  controlPlaneUrl: 'http://cp:4000',
  enrolledAt: '2030-01-01T00:00:00.000Z',
};

describe('credentials file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jf-creds-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is saved readable by its owner only and read back', async () => {
    const file = path.join(dir, 'c.json');
    await writeFile(file, 'old', { mode: 0o644 });
    await saveCredentials(file, creds);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadCredentials(file)).toEqual(creds);
    expect(credentialsEnv(creds)).toEqual({
      JETFLEET_DEVICE_ID: 'cam-01',
      MQTT_URL: 'mqtt://broker:1883',
      MQTT_USERNAME: 'cam-01',
      MQTT_PASSWORD: 'secret',
    });
  });

  it('is refused when others can read it, or when it is not a credentials file', async () => {
    const file = path.join(dir, 'c.json');
    await saveCredentials(file, creds);
    await chmod(file, 0o644);
    await expect(loadCredentials(file)).rejects.toThrow(/readable by others \(mode 644\)/);
    await writeFile(file, JSON.stringify({ ...creds, mqtt: { url: 'x' } }), { mode: 0o600 });
    await chmod(file, 0o600);
    await expect(loadCredentials(file)).rejects.toThrow(/mqtt\.url/);
  });
});
