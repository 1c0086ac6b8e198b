import { describe, expect, it } from 'vitest';
import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor.util.js';

describe('audit cursors', () => {
  it('round-trips an id and refuses anything else', () => {
    expect(decodeAuditCursor(encodeAuditCursor(42))).toBe(42);
    expect(decodeAuditCursor('not a cursor')).toBeNull();
    expect(decodeAuditCursor(Buffer.from('device:42').toString('base64url'))).toBeNull();
  });
});
