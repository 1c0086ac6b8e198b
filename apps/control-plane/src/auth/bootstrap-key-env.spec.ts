import { describe, expect, it } from 'vitest';
import { InvalidConfigError, validateEnv } from '../config/validate-env.js';

describe('BOOTSTRAP_ADMIN_API_KEY', () => {
  it('accepts a generated-looking key and leaves it unset by default', () => {
    const key = `jf_0123456789ab_${'c'.repeat(64)}`;
    expect(validateEnv({ BOOTSTRAP_ADMIN_API_KEY: key }).BOOTSTRAP_ADMIN_API_KEY).toBe(key);
    expect(validateEnv({}).BOOTSTRAP_ADMIN_API_KEY).toBeUndefined();
  });

  it('refuses a key that is not jf_<prefix>_<secret> with a long enough secret', () => {
    for (const bad of ['changeme', 'jf_ab_' + 'c'.repeat(64), `jf_0123456789ab_${'c'.repeat(20)}`]) {
      expect(() => validateEnv({ BOOTSTRAP_ADMIN_API_KEY: bad })).toThrow(InvalidConfigError);
    }
  });
});
