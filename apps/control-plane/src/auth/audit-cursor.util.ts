/** Opaque audit-log cursors: the row id, so paging stays stable while new rows arrive. */
export const encodeAuditCursor = (id: number): string => Buffer.from(`audit:${id}`, 'utf8').toString('base64url');

export function decodeAuditCursor(cursor: string): number | null {
  const m = /^audit:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const id = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(id) ? id : null;
}
