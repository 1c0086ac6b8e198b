import { afterEach, describe, expect, it } from 'vitest';
import { ServiceUnavailableError, startControlPlane } from '../src/bootstrap.js';
import { InvalidConfigError } from '../src/config/validate-env.js';
import { freePort } from '../../../test/support/processes.js';
import { TEST_MQTT_URL, TEST_REDIS_URL, databaseUrl } from '../../../test/support/test-env.js';

const saved = { ...process.env };

describe('control plane start-up errors', () => {
  afterEach(() => {
    process.env = { ...saved };
  });

  it('names every unreachable service and how to start it, before touching any', async () => {
    const [redisPort, mqttPort] = [await freePort(), await freePort()];
    Object.assign(process.env, {
      DATABASE_URL: databaseUrl('postgres'),
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      MQTT_URL: `mqtt://127.0.0.1:${mqttPort}`,
    });
    const err = await startControlPlane('all').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    const text = (err as ServiceUnavailableError).message;
    expect(text).toContain(`Redis is not reachable at 127.0.0.1:${redisPort}`);
    expect(text).toContain(`MQTT broker is not reachable at 127.0.0.1:${mqttPort}`);
    expect(text).toContain('redis-server');
    expect(text).toContain('docker compose up -d');
    expect(text).not.toContain('PostgreSQL');
  });

  it('reports every invalid variable at once', async () => {
    Object.assign(process.env, {
      PORT: 'eighty',
      REDIS_URL: TEST_REDIS_URL,
      MQTT_URL: TEST_MQTT_URL,
      LOG_LEVEL: 'chatty',
    });
    const err = await startControlPlane('all').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidConfigError);
    expect((err as InvalidConfigError).problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'LOG_LEVEL']);
  });
});
