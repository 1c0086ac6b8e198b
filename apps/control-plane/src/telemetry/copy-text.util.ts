const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPE = /[\\\t\n\r]/g;
const escapeChar = (ch: string): string => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r');

/**
 * One value in PostgreSQL's COPY text format: `\N` for null, ISO time for dates, JSON for objects,
 * and backslash, tab, newline and carriage return escaped (they delimit fields and rows).
 */
export function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '\\N';
  if (v instanceof Date) return v.toISOString();
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPE, escapeChar) : s;
}

/** One COPY text line from the values of a row, in column order. */
export const copyLine = (values: readonly unknown[]): string => `${values.map(copyText).join('\t')}\n`;
