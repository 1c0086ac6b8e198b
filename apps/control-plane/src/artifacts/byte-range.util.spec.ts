import { describe, expect, it } from 'vitest';
import { decideRange } from './byte-range.util.js';

const partial = (start: number, end: number) => ({ kind: 'partial', range: { start, end } });

describe('decideRange', () => {
  it('serves the whole body without a usable Range header', () => {
    for (const h of [undefined, '', 'items=0-5', 'bytes=0-1,4-5', 'bytes=5-2', 'bytes=-', 'bytes=a-b']) {
      expect(decideRange(h, 100)).toEqual({ kind: 'full' });
    }
  });

  it('serves closed, open-ended and suffix ranges, clipped to the body', () => {
    expect(decideRange('bytes=0-9', 100)).toEqual(partial(0, 9));
    expect(decideRange('bytes=90-', 100)).toEqual(partial(90, 99));
    expect(decideRange('bytes=90-500', 100)).toEqual(partial(90, 99));
    expect(decideRange('bytes=-10', 100)).toEqual(partial(90, 99));
    expect(decideRange('bytes=-500', 100)).toEqual(partial(0, 99));
    expect(decideRange('Bytes = 5 - 5', 100)).toEqual(partial(5, 5));
  });

  it('refuses a range that starts past the end', () => {
    expect(decideRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
  });

  it('honours If-Range only when it names the current ETag', () => {
    const etag = '"abc"';
    expect(decideRange('bytes=10-', 100, { header: etag, etag })).toEqual(partial(10, 99));
    expect(decideRange('bytes=10-', 100, { header: '"old"', etag })).toEqual({ kind: 'full' });
    expect(decideRange('bytes=10-', 100, { header: undefined, etag })).toEqual(partial(10, 99));
  });
});
