import { describe, expect, it } from 'vitest';
import { partitionFor, partitionsToDrop, partitionsToEnsure } from './partition-plan.util.js';

describe('partition planning', () => {
  it('names daily partitions by UTC date with half-open ranges', () => {
    const p = partitionFor(new Date('2026-11-23T23:59:59.999Z'));
    expect(p).toEqual({
      name: 'telemetry_samples_p20261123',
      from: new Date('2026-11-23T00:00:00Z'),
      to: new Date('2026-11-24T00:00:00Z'),
    });
  });

  it('ensures yesterday through two days ahead', () => {
    expect(partitionsToEnsure(new Date('2026-12-31T12:00:00Z')).map((p) => p.name)).toEqual([
      'telemetry_samples_p20261230',
      'telemetry_samples_p20261231',
      'telemetry_samples_p20270101',
      'telemetry_samples_p20270102',
    ]);
  });

  it('drops only partitions that end at or before the retention cut-off, never the default one', () => {
    const existing = [
      'telemetry_samples_p20261114',
      'telemetry_samples_p20261115',
      'telemetry_samples_p20261116',
      'telemetry_samples_default',
    ];
    // now 2026-11-23 10:00, 7 days → cut-off 2026-11-16 00:00: the 14th and 15th are wholly older.
    expect(partitionsToDrop(existing, new Date('2026-11-23T10:00:00Z'), 7)).toEqual([
      'telemetry_samples_p20261114',
      'telemetry_samples_p20261115',
    ]);
  });
});
