import { describe, expect, it } from 'vitest';
import { applyPowerRule, detectPowerRule } from './power-rule.util.js';

describe('detectPowerRule', () => {
  it.each([
    [['VDD_GPU', 'VDD_CPU_SOC_MSS', 'VIN_SYS_5V0', 'VIN'], { kind: 'rail', rail: 'VIN' }],
    [['POM_5V_IN', 'POM_5V_GPU', 'POM_5V_CPU'], { kind: 'rail', rail: 'POM_5V_IN' }],
    [['VDD_SYS_GPU', 'VDD_IN'], { kind: 'rail', rail: 'VDD_IN' }],
    [['VDD_IN', 'VDD_CPU_GPU_CV', 'VDD_SOC'], { kind: 'rail', rail: 'VDD_IN' }],
    [
      ['VDD_GPU_SOC', 'VDD_CPU_CV', 'VIN_SYS_5V0', 'VDDQ_VDD2_1V8AO'],
      { kind: 'sum', rails: ['VDD_GPU_SOC', 'VDD_CPU_CV', 'VIN_SYS_5V0'] },
    ],
    [
      ['GPU', 'CPU', 'SOC', 'CV', 'VDDRQ', 'SYS5V'],
      { kind: 'sum', rails: ['GPU', 'CPU', 'SOC', 'CV', 'VDDRQ', 'SYS5V'] },
    ],
    [['VDD_GPU_SOC', 'VDD_CPU_CV'], { kind: 'unavailable' }],
    [['GPU', 'CPU'], { kind: 'unavailable' }],
    [[], { kind: 'unavailable' }],
  ])('%j → %j', (names, rule) => {
    expect(detectPowerRule(names)).toEqual(rule);
  });
});

describe('applyPowerRule', () => {
  it('reads a single rail, 0 included', () => {
    expect(applyPowerRule({ kind: 'rail', rail: 'VDD_IN' }, { VDD_IN: 4417 })).toBe(4417);
    expect(applyPowerRule({ kind: 'rail', rail: 'VDD_IN' }, { VDD_IN: 0 })).toBe(0);
  });

  it('sums, and is null when a summed rail is missing', () => {
    expect(applyPowerRule({ kind: 'sum', rails: ['A', 'B'] }, { A: 1, B: 2, C: 5 })).toBe(3);
    expect(applyPowerRule({ kind: 'sum', rails: ['A', 'B'] }, { A: 1 })).toBeNull();
  });

  it('is null, never 0, when unavailable or the rail is absent', () => {
    expect(applyPowerRule({ kind: 'unavailable' }, { VDD_IN: 5 })).toBeNull();
    expect(applyPowerRule({ kind: 'rail', rail: 'VIN' }, {})).toBeNull();
  });
});
