import { describe, expect, it } from 'vitest';
import { InvalidConfigError, validateEnv } from './validate-env.js';

describe('validateEnv', () => {
  it('applies defaults for a bare environment', () => {
    const env = validateEnv({});
    expect(env.PORT).toBe(4000);
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/jetfleet');
    expect(env.DB_AUTO_MIGRATE).toBe(true);
  });

  it('coerces numbers and booleans', () => {
    const env = validateEnv({ PORT: '4100', DB_AUTO_MIGRATE: 'false', HEARTBEAT_TIMEOUT_FACTOR: '1.25' });
    expect(env).toMatchObject({ PORT: 4100, DB_AUTO_MIGRATE: false, HEARTBEAT_TIMEOUT_FACTOR: 1.25 });
  });

  it('reports every bad variable in one error', () => {
    let error: unknown;
    try {
      validateEnv({ PORT: 'abc', REDIS_URL: 'not a url', MQTT_SHARE_GROUP: 'a/b', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    const problems = (error as InvalidConfigError).problems.join('\n');
    for (const key of ['PORT', 'REDIS_URL', 'MQTT_SHARE_GROUP', 'LOG_LEVEL']) expect(problems).toContain(key);
  });

  it('treats empty strings as unset', () => {
    expect(validateEnv({ PORT: '' }).PORT).toBe(4000);
  });
});
