import { describe, expect, it } from 'vitest';
import { ProtobufScanError, ProtobufScanner, type ScanPlan } from './protobuf-scanner.js';

const varint = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
};
const tag = (field: number, wire: number) => varint(field * 8 + wire);
const len = (field: number, body: number[]) => [...tag(field, 2), ...varint(body.length), ...body];

function scan(plan: ScanPlan, bytes: number[], chunk = bytes.length) {
  const seen: [string, bigint | number[]][] = [];
  const scanner = new ProtobufScanner(plan, {
    field: (path, v) => seen.push([path.join('.'), typeof v === 'bigint' ? v : [...v]]),
  });
  for (let i = 0; i < bytes.length; i += Math.max(chunk, 1)) scanner.push(Uint8Array.from(bytes.slice(i, i + chunk)));
  scanner.finish();
  return seen;
}

describe('ProtobufScanner', () => {
  const message = [
    ...tag(1, 0),
    ...varint(300),
    ...len(2, [1, 2, 3]),
    ...len(3, [...tag(1, 0), 5, ...len(4, [9, 9]), ...tag(2, 5), 0, 0, 0, 0]),
    ...tag(9, 1),
    ...[1, 2, 3, 4, 5, 6, 7, 8],
  ];

  it('captures planned fields, descends into planned messages and skips the rest', () => {
    const plan: ScanPlan = { 1: { capture: 8, varint: true }, 3: { 4: { capture: 8 } } };
    for (const chunk of [1, 2, 5, message.length]) {
      expect(scan(plan, message, chunk)).toEqual([
        ['1', 300n],
        ['3.4', [9, 9]],
      ]);
    }
  });

  it('refuses a field that runs past the end of its message', () => {
    const bad = len(3, [...tag(4, 2), 10, 1, 2]);
    expect(() => scan({ 3: { 4: { capture: 100 } } }, bad)).toThrow(/runs past the end of its message/);
  });

  it('refuses invalid wire types, field numbers and endless varints', () => {
    expect(() => scan({}, [...tag(1, 7), 0])).toThrow(/wire type 7/);
    expect(() => scan({}, [...tag(1, 3)])).toThrow(/wire type 3/);
    expect(() => scan({}, [0x00])).toThrow(/invalid field number 0/);
    expect(() => scan({}, [...tag(1, 0), ...Array<number>(11).fill(0xff)])).toThrow(/malformed varint/);
  });

  it('refuses a wire type other than the plan expects', () => {
    expect(() => scan({ 1: { capture: 8 } }, [...tag(1, 5), 0, 0, 0, 0])).toThrow(/field 1 has wire type 5/);
    expect(() => scan({ 1: { 2: { capture: 8 } } }, [...tag(1, 0), 1])).toThrow(/field 1 has wire type 0/);
    expect(() => scan({ 1: { capture: 8 } }, [...tag(1, 0), 1])).toThrow(/field 1 has wire type 0/);
    expect(() => scan({ 1: { capture: 8, varint: true } }, len(1, [1]))).toThrow(/field 1 has wire type 2/);
  });

  it('refuses a capture larger than its limit', () => {
    expect(() => scan({ 2: { capture: 2 } }, len(2, [1, 2, 3]))).toThrow(/3 bytes, more than the 2 expected/);
  });

  it('reports truncation inside a field or a nested message', () => {
    expect(() => scan({}, message.slice(0, 4))).toThrow(ProtobufScanError);
    expect(() => scan({ 3: {} }, message.slice(0, 10))).toThrow(/truncated/);
    expect(() => scan({}, message.slice(0, 1))).toThrow(/middle of a field/);
  });

  it('accepts empty input and empty length-delimited fields', () => {
    expect(scan({}, [])).toEqual([]);
    expect(scan({ 2: { capture: 4 } }, len(2, []))).toEqual([['2', []]]);
  });
});
