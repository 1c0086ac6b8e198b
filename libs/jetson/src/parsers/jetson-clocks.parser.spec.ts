import { describe, expect, it } from 'vitest';
import { parseJetsonClocksShow } from './jetson-clocks.parser.js';

const cpuLines = (ids: number[], body: (id: number) => string, sep = '  '): string[] =>
  ids.map((id) => `cpu${id}:${sep}${body(id)} `);

/** Reference §4 sample (Orin NX 16GB, r36, 25W, not pinned) with cpu2–cpu7 filled in. */
const ORIN_NX_R36 = [
  'SOC family:tegra234  Machine:NVIDIA Jetson Orin NX Engineering Reference Developer Kit',
  'Online CPUs: 0-7',
  ...cpuLines(
    [0, 1, 2, 3, 4, 5, 6, 7],
    (id) =>
      `Online=1 Governor=schedutil MinFreq=729600 MaxFreq=1497600 CurrentFreq=${id === 0 ? 1190400 : 729600} IdleStates: WFI=1 c7=1`,
  ),
  'GPU MinFreq=306000000 MaxFreq=408000000 CurrentFreq=306000000',
  'Active GPU TPCs: 4',
  'EMC MinFreq=204000000 MaxFreq=3199000000 CurrentFreq=2133000000 FreqOverride=0',
  'FAN Dynamic Speed Control=nvfancontrol hwmon0_pwm1=71',
  'NV Power Mode: 25W',
].join('\n');

/** r32 Nano after `jetson_clocks` (pinned), one space after `cpuN:`. */
const NANO_R32_PINNED = [
  'SOC family:tegra210  Machine:NVIDIA Jetson Nano Developer Kit',
  'Online CPUs: 0-3',
  'CPU Cluster Switching: Disabled',
  ...cpuLines(
    [0, 1, 2, 3],
    () => 'Online=1 Governor=schedutil MinFreq=1479000 MaxFreq=1479000 CurrentFreq=1479000 IdleStates: WFI=0 c7=0',
    ' ',
  ),
  'GPU MinFreq=921600000 MaxFreq=921600000 CurrentFreq=921600000',
  'EMC MinFreq=204000000 MaxFreq=1600000000 CurrentFreq=1600000000 FreqOverride=1',
  'Fan: PWM=255',
  'NV Power Mode: MAXN',
].join('\n');

/** r32 TX2, MAXP_CORE_ARM: Denver cores 1,2 offline. */
const TX2_R32 = [
  'SOC family:tegra186  Machine:quill',
  'Online CPUs: 0,3-5',
  'CPU Cluster Switching: Disabled',
  'cpu0: Online=1 Governor=schedutil MinFreq=345600 MaxFreq=2035200 CurrentFreq=345600 IdleStates: C1=1 c6=1 c7=1 ',
  'cpu1: Online=0 Governor=schedutil MinFreq=345600 MaxFreq=2035200 CurrentFreq=345600 IdleStates: C1=1 c6=1 c7=1 ',
  'cpu2: Online=0 Governor=schedutil MinFreq=345600 MaxFreq=2035200 CurrentFreq=345600 IdleStates: C1=1 c6=1 c7=1 ',
  'cpu3: Online=1 Governor=schedutil MinFreq=345600 MaxFreq=2035200 CurrentFreq=345600 IdleStates: C1=1 c6=1 c7=1 ',
  'GPU MinFreq=114750000 MaxFreq=1122000000 CurrentFreq=114750000',
  'EMC MinFreq=40800000 MaxFreq=1866000000 CurrentFreq=1866000000 FreqOverride=0',
  'Fan: speed=0',
  'NV Power Mode: MAXP_CORE_ARM',
].join('\n');

/** AGX Orin r35: lexicographic CPU order, DLA/PVA lines, r35 fan line. */
const AGX_ORIN_R35 = [
  'SOC family:tegra234  Machine:Jetson AGX Orin',
  'Online CPUs: 0-11',
  ...cpuLines(
    [0, 1, 10, 11, 2, 3, 4, 5, 6, 7, 8, 9],
    () => 'Online=1 Governor=schedutil MinFreq=115200 MaxFreq=2201600 CurrentFreq=1190400 IdleStates: WFI=1 c7=1',
  ),
  'GPU MinFreq=306000000 MaxFreq=1300500000 CurrentFreq=306000000',
  'EMC MinFreq=204000000 MaxFreq=3199000000 CurrentFreq=2133000000 FreqOverride=0',
  'DLA0_CORE:   Online=1 MinFreq=0 MaxFreq=1600000000 CurrentFreq=1600000000',
  'DLA0_FALCON: Online=1 MinFreq=0 MaxFreq=844800000 CurrentFreq=844800000',
  'DLA1_CORE:   Online=1 MinFreq=0 MaxFreq=1600000000 CurrentFreq=1600000000',
  'PVA0_VPS0:   Online=1 MinFreq=0 MaxFreq=1152000000 CurrentFreq=1152000000',
  'FAN Dynamic Speed control=active hwmon2_pwm1=64',
  'NV Power Mode: MAXN',
].join('\n');

/** r39: Offline CPUs field, no Online=, FAN repeated with _enable, EMC without FreqOverride, no mode line. */
const ORIN_NANO_R39 = [
  'SOC family:tegra234  Machine:NVIDIA Jetson Orin Nano Engineering Reference Developer Kit Super',
  'Online CPUs: 0-5, Offline CPUs: ',
  ...cpuLines(
    [0, 1, 2, 3, 4, 5],
    () => 'Governor=schedutil MinFreq=729600 MaxFreq=1728000 CurrentFreq=1728000 IdleStates: WFI=1 c7=1',
  ),
  'GPU MinFreq=306000000 MaxFreq=1020000000 CurrentFreq=1020000000',
  'Active GPU TPCs: 8',
  'EMC MinFreq=204000000 MaxFreq=3199000000 CurrentFreq=3199000000',
  'FAN Dynamic Speed Control=nvfancontrol hwmon0_pwm1=120',
  'FAN Dynamic Speed Control=nvfancontrol hwmon0_pwm1_enable=1',
].join('\n');

describe('parseJetsonClocksShow', () => {
  it('reads the reference Orin NX r36 sample', () => {
    const result = parseJetsonClocksShow(ORIN_NX_R36);
    expect(result).toMatchObject({
      socFamily: 'tegra234',
      soc: 't234',
      machine: 'NVIDIA Jetson Orin NX Engineering Reference Developer Kit',
      onlineCpus: [0, 1, 2, 3, 4, 5, 6, 7],
      gpu: { online: null, minHz: 306000000, maxHz: 408000000, currentHz: 306000000 },
      activeGpuTpcs: 4,
      emc: { minHz: 204000000, maxHz: 3199000000, currentHz: 2133000000, freqOverride: false },
      engines: {},
      fan: { pwm: 71, control: 'nvfancontrol' },
      powerModeName: '25W',
      pinned: false,
      warnings: [],
    });
    expect(result.cpus).toHaveLength(8);
    expect(result.cpus[0]).toEqual({
      id: 0,
      online: true,
      governor: 'schedutil',
      minKHz: 729600,
      maxKHz: 1497600,
      currentKHz: 1190400,
      idleStates: { WFI: 1, c7: 1 },
    });
  });

  it('sees a pinned r32 Nano', () => {
    const result = parseJetsonClocksShow(NANO_R32_PINNED);
    expect(result).toMatchObject({
      soc: 't210',
      onlineCpus: [0, 1, 2, 3],
      emc: { freqOverride: true },
      fan: { pwm: 255, control: null },
      powerModeName: 'MAXN',
      activeGpuTpcs: null,
      pinned: true,
      warnings: [],
    });
    expect(result.cpus.every((cpu) => cpu.idleStates.c7 === 0)).toBe(true);
  });

  it('reads r32 TX2 with offline Denver cores', () => {
    const result = parseJetsonClocksShow(TX2_R32);
    expect(result.soc).toBe('t186');
    expect(result.machine).toBe('quill');
    expect(result.onlineCpus).toEqual([0, 3, 4, 5]);
    expect(result.cpus.map((cpu) => cpu.online)).toEqual([true, false, false, true]);
    expect(result.cpus[0]?.idleStates).toEqual({ C1: 1, c6: 1, c7: 1 });
    expect(result.fan).toEqual({ pwm: 0, control: null });
    expect(result.warnings).toEqual([]);
  });

  it('sorts AGX Orin CPUs numerically and reads DLA/PVA clocks', () => {
    const result = parseJetsonClocksShow(AGX_ORIN_R35);
    expect(result.cpus.map((cpu) => cpu.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(Object.keys(result.engines)).toEqual(['DLA0_CORE', 'DLA0_FALCON', 'DLA1_CORE', 'PVA0_VPS0']);
    expect(result.engines.DLA0_CORE).toEqual({ online: true, minHz: 0, maxHz: 1600000000, currentHz: 1600000000 });
    expect(result.fan).toEqual({ pwm: 64, control: 'active' });
    expect(result.pinned).toBe(false);
    expect(result.warnings).toEqual([]);
  });

  it('reads r39: online from the list, first FAN line, missing FreqOverride and mode', () => {
    const result = parseJetsonClocksShow(ORIN_NANO_R39);
    expect(result.onlineCpus).toEqual([0, 1, 2, 3, 4, 5]);
    expect(result.cpus.every((cpu) => cpu.online === true)).toBe(true);
    expect(result.emc?.freqOverride).toBeNull();
    expect(result.fan).toEqual({ pwm: 120, control: 'nvfancontrol' });
    expect(result.powerModeName).toBeNull();
    expect(result.activeGpuTpcs).toBe(8);
    expect(result.warnings).toEqual([]);
  });

  it('tolerates CRLF', () => {
    expect(parseJetsonClocksShow(ORIN_NX_R36.replace(/\n/g, '\r\n')).powerModeName).toBe('25W');
  });

  it.each([
    ['empty', ''],
    ['garbage', 'hello\nworld\n\u0000'],
    ['non-root failure text', 'Error: must be run as root'],
    ['truncated', ORIN_NX_R36.slice(0, 140)],
    ['not a string', null],
  ])('never throws and warns: %s', (_label, input) => {
    const result = parseJetsonClocksShow(input as string);
    expect(result.pinned).toBe(false);
    expect(result.warnings.length).toBeGreaterThan(0);
  });
});
