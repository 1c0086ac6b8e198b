import { describe, expect, it } from 'vitest';
import { decodeAlertCursor, encodeAlertCursor } from './alert-cursor.util.js';

describe('alert cursors', () => {
  it('round-trip the sort key', () => {
    const c = { firedAt: new Date('2026-03-01T12:00:00.123Z'), id: '0b9f4b9e-3f7a-4a8e-9c55-2f1d6c1e8a10' };
    expect(decodeAlertCursor(encodeAlertCursor(c))).toEqual(c);
  });

  it.each([
    '',
    'garbage',
    Buffer.from('device:abc').toString('base64url'),
    Buffer.from('alert:nope|x').toString('base64url'),
  ])('reject %j', (cursor) => {
    expect(decodeAlertCursor(cursor)).toBeNull();
  });
});
