import { describe, expect, it } from 'vitest';
import { describeIssues, enrollRequestSchema, tokenInputSchema } from './enrollment-input.util.js';

describe('enroll request', () => {
  it('accepts a token and a device id, ignoring unknown keys', () => {
    const r = enrollRequestSchema.safeParse({ token: 'jfe_x', deviceId: 'cam-01', extra: 1 });
    expect(r.success && r.data).toEqual({ token: 'jfe_x', deviceId: 'cam-01' });
  });

  it('names every bad field', () => {
    const r = enrollRequestSchema.safeParse({ deviceId: 'a/b', hardware: { module: '' } });
    expect(r.success).toBe(false);
    const text = r.success ? '' : describeIssues(r.error);
    expect(text).toContain('token:');
    expect(text).toContain('deviceId: device id must be');
    expect(text).toContain('hardware.module');
  });

  it('refuses a device id that would be an MQTT wildcard', () => {
    expect(enrollRequestSchema.safeParse({ token: 't', deviceId: '+' }).success).toBe(false);
    expect(enrollRequestSchema.safeParse({ token: 't', deviceId: '#' }).success).toBe(false);
  });
});

describe('token input', () => {
  it('dedupes and sorts tags', () => {
    const r = tokenInputSchema.parse({ name: ' lab ', maxUses: 2, ttlSec: 600, tags: ['b', 'a', 'b'] });
    expect(r).toEqual({ name: 'lab', maxUses: 2, ttlSec: 600, tags: ['a', 'b'] });
  });

  it('bounds uses and lifetime and checks the prefix alphabet', () => {
    expect(tokenInputSchema.safeParse({ name: 'x', maxUses: 0, ttlSec: 600 }).success).toBe(false);
    expect(tokenInputSchema.safeParse({ name: 'x', maxUses: 1, ttlSec: 10 }).success).toBe(false);
    expect(tokenInputSchema.safeParse({ name: 'x', maxUses: 1, ttlSec: 600, deviceIdPrefix: 'a/' }).success).toBe(
      false,
    );
    expect(tokenInputSchema.safeParse({ name: 'x', maxUses: 1, ttlSec: 600, tags: ['bad tag'] }).success).toBe(false);
  });
});
