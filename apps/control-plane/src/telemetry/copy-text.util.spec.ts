import { describe, expect, it } from 'vitest';
import { copyLine, copyText } from './copy-text.util.js';

describe('COPY text format', () => {
  it('writes null as \\N, numbers plainly, dates as ISO', () => {
    expect(copyText(null)).toBe('\\N');
    expect(copyText(undefined)).toBe('\\N');
    expect(copyText(12.5)).toBe('12.5');
    expect(copyText(Number.NaN)).toBe('\\N');
    expect(copyText(new Date('2026-11-23T10:00:00Z'))).toBe('2026-11-23T10:00:00.000Z');
  });

  it('escapes what delimits fields and rows, so a hostile string cannot add a column or a row', () => {
    expect(copyText('MODE\t15W\nx\\y\r')).toBe('MODE\\t15W\\nx\\\\y\\r');
    // JSON already escapes the tab as backslash-t; COPY then escapes that backslash.
    expect(copyText({ 'a\tb': 1 })).toBe('{"a\\\\tb":1}');
  });

  it('joins a row with tabs and ends it with a newline', () => {
    expect(copyLine(['d-1', 3, null, { cpu: 41.5 }])).toBe('d-1\t3\t\\N\t{"cpu":41.5}\n');
  });
});
