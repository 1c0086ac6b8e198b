/** Inclusive byte offsets, as in `Content-Range`. */
export interface ByteRange {
  start: number;
  end: number;
}

export type RangeDecision = { kind: 'full' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

/**
 * Decides how to answer a `Range` header (RFC 9110 §14) for a body of `size` bytes. Only one
 * range is served: a header that is malformed, uses another unit or asks for several ranges is
 * ignored (a full answer, which the RFC allows); `If-Range` naming another validator also gets
 * the full body, so a resumed download never mixes two versions.
 */
export function decideRange(
  rangeHeader: string | undefined,
  size: number,
  ifRange?: { header: string | undefined; etag: string },
): RangeDecision {
  if (!rangeHeader) return { kind: 'full' };
  if (ifRange?.header !== undefined && ifRange.header.trim() !== ifRange.etag) return { kind: 'full' };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(rangeHeader);
  if (!m) return { kind: 'full' };
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: 'partial', range: { start, end } };
}
