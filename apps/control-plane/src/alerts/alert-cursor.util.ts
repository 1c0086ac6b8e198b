import { isUuid } from '../common/uuid.util.js';
const PREFIX = 'alert:';

export interface AlertCursor {
  firedAt: Date;
  id: string;
}

/** Opaque Relay cursor over the (firedAt desc, id desc) order. */
export function encodeAlertCursor(c: AlertCursor): string {
  return Buffer.from(`${PREFIX}${c.firedAt.toISOString()}|${c.id}`, 'utf8').toString('base64url');
}

export function decodeAlertCursor(cursor: string): AlertCursor | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return null;
  const [iso, id] = text.slice(PREFIX.length).split('|');
  if (iso === undefined || id === undefined || !isUuid(id)) return null;
  const firedAt = new Date(iso);
  return Number.isNaN(firedAt.getTime()) ? null : { firedAt, id };
}
