import { describe, expect, it } from 'vitest';
import { getModule } from '../catalog/module-lookup.util.js';
import type { ModuleId } from '../catalog/module-id.constant.js';
import { parseTegrastatsLine } from './tegrastats.parser.js';
import type { TegrastatsCpuCore, TegrastatsSample } from './tegrastats-sample.types.js';

/** Synthesized sample lines from the reference (§2.7), verbatim unless noted. */
const LINES = {
  nanoR32Root:
    'RAM 1467/3964MB (lfb 96x4MB) SWAP 0/1982MB (cached 0MB) IRAM 0/252kB(lfb 252kB) CPU [8%@1036,14%@1036,5%@1036,11%@1036] EMC_FREQ 3%@1600 GR3D_FREQ 0%@76 APE 25 PLL@38.5C CPU@41C PMIC@50C GPU@39.5C AO@46C thermal@40.25C POM_5V_IN 1984/1951 POM_5V_GPU 39/41 POM_5V_CPU 447/432',
  tx2R32NonRoot:
    'RAM 1751/7859MB (lfb 1302x4MB) CPU [2%@499,off,off,4%@499,1%@499,3%@499] EMC_FREQ 0% GR3D_FREQ 0% PLL@39.5C MCPU@39.5C PMIC@100C Tboard@36C GPU@38C BCPU@39.5C thermal@38.9C Tdiode@37.75C VDD_SYS_GPU 76/79 VDD_SYS_SOC 458/461 VDD_4V0_WIFI 38/45 VDD_IN 2419/2436 VDD_SYS_CPU 306/312 VDD_SYS_DDR 422/425',
  agxXavierR32Root:
    'RAM 3184/15692MB (lfb 2876x4MB) SWAP 0/7846MB (cached 0MB) CPU [6%@1190,2%@1190,9%@1190,3%@1190,off,off,off,off] EMC_FREQ 2%@1331 GR3D_FREQ 0%@318 APE 150 MTS fg 0% bg 1% AO@33.5C GPU@34C Tboard@32C Tdiode@34.25C AUX@33.5C CPU@35.5C thermal@34.05C PMIC@100C GPU 311/309 CPU 774/770 SOC 1859/1851 CV 0/0 VDDRQ 465/462 SYS5V 2417/2410',
  xavierNxR35Root:
    '04-19-2024 07:52:13 RAM 2411/6851MB (lfb 311x4MB) SWAP 0/3426MB (cached 0MB) CPU [4%@1190,2%@1190,6%@1190,1%@1190,3%@1190,5%@1190] EMC_FREQ 1%@1600 GR3D_FREQ 3%@[318] VIC_FREQ 115 APE 150 AUX@37.5C CPU@39C thermal@38.15C AO@37C GPU@38C PMIC@50C VDD_IN 3528mW/3544mW VDD_CPU_GPU_CV 612mW/620mW VDD_SOC 1024mW/1029mW',
  agxOrin64R35Root:
    '05-30-2023 11:08:44 RAM 2871/62795MB (lfb 14230x4MB) SWAP 0/31398MB (cached 0MB) CPU [3%@1190,1%@1190,0%@1190,2%@1190,1%@1190,0%@1190,4%@1190,0%@1190,1%@1190,2%@1190,0%@1190,1%@1190] EMC_FREQ 1%@2133 GR3D_FREQ 0%@306 GR3D2_FREQ 0%@306 VIC_FREQ 729 APE 174 CV0@-256C CPU@45.312C Tboard@34C SOC2@41.843C Tdiode@35.5C SOC0@42.156C CV1@-256C GPU@-256C tj@45.312C SOC1@42.593C CV2@-256C VDD_GPU_SOC 2712mW/2705mW VDD_CPU_CV 591mW/587mW VIN_SYS_5V0 4217mW/4209mW NC 0mW/0mW VDDQ_VDD2_1V8AO 402mW/401mW NC 0mW/0mW',
  orinNanoSuperR36Root:
    '03-27-2025 22:41:06 RAM 4102/7620MB (lfb 47x4MB) SWAP 96/3810MB (cached 4MB) CPU [31%@1344,22%@1344,27%@1344,35%@1344,18%@1344,24%@1344] EMC_FREQ 19%@3199 GR3D_FREQ 71%@[918] NVDEC off NVJPG off NVJPG1 off VIC off OFA off APE 200 cpu@51.125C soc2@48.593C soc0@49.312C gpu@52.25C tj@52.25C soc1@49.031C VDD_IN 11236mW/10982mW VDD_CPU_GPU_CV 4518mW/4397mW VDD_SOC 2307mW/2288mW',
  orinNx16R36NonRoot:
    '06-02-2025 15:19:57 RAM 6644/15657MB (lfb 180x4MB) SWAP 0/7828MB (cached 0MB) CPU [24%@1984,19%@1984,31%@1984,15%@1984,28%@1984,22%@1984,17%@1984,26%@1984] GR3D_FREQ 54% cv0@49.062C cpu@52.375C soc2@49.25C soc0@50.437C cv1@48.843C gpu@53.031C tj@53.031C soc1@49.687C cv2@48.406C VDD_IN 13308mW/13122mW VDD_CPU_GPU_CV 6210mW/6087mW VDD_SOC 2496mW/2481mW',
  agxOrin64R36Root:
    '09-14-2025 08:26:31 RAM 27310/62841MB (lfb 942x4MB) SWAP 0/31420MB (cached 0MB) CPU [33%@2201,28%@2201,41%@2201,25%@2201,36%@2201,30%@2201,22%@2201,39%@2201,27%@2201,34%@2201,29%@2201,31%@2201] EMC_FREQ 21%@3199 GR3D_FREQ 77%@[1300,1300] NVENC 42%@1011 NVDEC off NVJPG off NVJPG1 off VIC 19%@729 OFA off NVDLA0 88%@1600 NVDLA1 off PVA0_FREQ off APE 174 cpu@61.593C soc2@56.062C soc0@57.218C tj@61.593C soc1@57.843C VDD_GPU_SOC 21877mW/21402mW VDD_CPU_CV 7935mW/7718mW VIN_SYS_5V0 7106mW/7061mW',
  orinNanoR39Root:
    '07-21-2026 12:03:58 RAM 3376/7486MB (lfb 19x4MB) CPU [12%@729,9%@729,15%@729,7%@729,3%@729,5%@729] EMC_FREQ 6%@665 GR3D_FREQ 9%@[306] NVDEC0 off NVJPG0 off NVJPG1 off VIC off OFA off APE 200 cpu@45.937C/47.125C soc2@44.218C/44.75C soc0@44.906C/45.281C gpu@46.062C/46.843C tj@46.062C/47.125C soc1@44.531C/44.968C VDD_IN 4417mW/4620mW/5311mW VDD_CPU_GPU_CV 706mW/781mW/1042mW VDD_SOC 1296mW/1322mW/1415mW',
  agxThorR38NonRoot:
    '12-09-2025 10:14:27 RAM 18876/125772MB (lfb 612x4MB) CPU [1%@972,0%@972,2%@972,1%@972,6%@1566,1%@1566,0%@972,3%@972,11%@972,0%@972,2%@972,1%@972,0%@972,4%@972] cpu@34.812C tj@35.906C soc012@34.968C gpu@35.437C soc345@35.906C VDD_GPU 2118mW/2104mW VDD_CPU_SOC_MSS 5987mW/5972mW VIN_SYS_5V0 6094mW/6081mW VIN 19472mW/19519mW',
  /** Not verbatim: the reference only says TX2 NX lines end after the temperatures. */
  tx2NxR32NoRails:
    'RAM 1205/3825MB (lfb 301x4MB) CPU [5%@345,off,off,3%@345,2%@345,1%@345] EMC_FREQ 0% GR3D_FREQ 0% PLL@35C MCPU@35C PMIC@50C Tboard@32C GPU@34C BCPU@35C thermal@34.6C Tdiode@33.25C',
} as const;

const cores = (loads: number[], freqMHz: number | number[]): TegrastatsCpuCore[] =>
  loads.map((loadPct, i) => ({ loadPct, freqMHz: Array.isArray(freqMHz) ? (freqMHz[i] ?? null) : freqMHz }));

interface Case {
  name: keyof typeof LINES;
  module: ModuleId;
  expected: Omit<TegrastatsSample, 'warnings'>;
}

const CASES: Case[] = [
  {
    name: 'nanoR32Root',
    module: 'nano-4gb',
    expected: {
      timestamp: null,
      ramUsedMB: 1467,
      ramTotalMB: 3964,
      swapUsedMB: 0,
      swapTotalMB: 1982,
      cpu: cores([8, 14, 5, 11], 1036),
      gpuLoadPct: 0,
      gpuFreqMHz: 76,
      temps: { pll: 38.5, cpu: 41, pmic: 50, gpu: 39.5, ao: 46, thermal: 40.25 },
      rails: {
        POM_5V_IN: { curMw: 1984, avgMw: 1951 },
        POM_5V_GPU: { curMw: 39, avgMw: 41 },
        POM_5V_CPU: { curMw: 447, avgMw: 432 },
      },
      totalPowerMw: 1984,
      totalPowerAvgMw: 1951,
      powerRule: { kind: 'rail', rail: 'POM_5V_IN' },
    },
  },
  {
    name: 'tx2R32NonRoot',
    module: 'tx2',
    expected: {
      timestamp: null,
      ramUsedMB: 1751,
      ramTotalMB: 7859,
      swapUsedMB: null,
      swapTotalMB: null,
      cpu: [{ loadPct: 2, freqMHz: 499 }, null, null, ...cores([4, 1, 3], 499)],
      gpuLoadPct: 0,
      gpuFreqMHz: null,
      temps: { pll: 39.5, mcpu: 39.5, pmic: 100, tboard: 36, gpu: 38, bcpu: 39.5, thermal: 38.9, tdiode: 37.75 },
      rails: {
        VDD_SYS_GPU: { curMw: 76, avgMw: 79 },
        VDD_SYS_SOC: { curMw: 458, avgMw: 461 },
        VDD_4V0_WIFI: { curMw: 38, avgMw: 45 },
        VDD_IN: { curMw: 2419, avgMw: 2436 },
        VDD_SYS_CPU: { curMw: 306, avgMw: 312 },
        VDD_SYS_DDR: { curMw: 422, avgMw: 425 },
      },
      totalPowerMw: 2419,
      totalPowerAvgMw: 2436,
      powerRule: { kind: 'rail', rail: 'VDD_IN' },
    },
  },
  {
    name: 'agxXavierR32Root',
    module: 'agx-xavier-16gb',
    expected: {
      timestamp: null,
      ramUsedMB: 3184,
      ramTotalMB: 15692,
      swapUsedMB: 0,
      swapTotalMB: 7846,
      cpu: [...cores([6, 2, 9, 3], 1190), null, null, null, null],
      gpuLoadPct: 0,
      gpuFreqMHz: 318,
      temps: { ao: 33.5, gpu: 34, tboard: 32, tdiode: 34.25, aux: 33.5, cpu: 35.5, thermal: 34.05, pmic: 100 },
      rails: {
        GPU: { curMw: 311, avgMw: 309 },
        CPU: { curMw: 774, avgMw: 770 },
        SOC: { curMw: 1859, avgMw: 1851 },
        CV: { curMw: 0, avgMw: 0 },
        VDDRQ: { curMw: 465, avgMw: 462 },
        SYS5V: { curMw: 2417, avgMw: 2410 },
      },
      // 311 + 774 + 1859 + 0 + 465 + 2417; avg 309 + 770 + 1851 + 0 + 462 + 2410.
      totalPowerMw: 5826,
      totalPowerAvgMw: 5802,
      powerRule: { kind: 'sum', rails: ['GPU', 'CPU', 'SOC', 'CV', 'VDDRQ', 'SYS5V'] },
    },
  },
  {
    name: 'xavierNxR35Root',
    module: 'xavier-nx-8gb',
    expected: {
      timestamp: '04-19-2024 07:52:13',
      ramUsedMB: 2411,
      ramTotalMB: 6851,
      swapUsedMB: 0,
      swapTotalMB: 3426,
      cpu: cores([4, 2, 6, 1, 3, 5], 1190),
      gpuLoadPct: 3,
      gpuFreqMHz: 318,
      temps: { aux: 37.5, cpu: 39, thermal: 38.15, ao: 37, gpu: 38, pmic: 50 },
      rails: {
        VDD_IN: { curMw: 3528, avgMw: 3544 },
        VDD_CPU_GPU_CV: { curMw: 612, avgMw: 620 },
        VDD_SOC: { curMw: 1024, avgMw: 1029 },
      },
      totalPowerMw: 3528,
      totalPowerAvgMw: 3544,
      powerRule: { kind: 'rail', rail: 'VDD_IN' },
    },
  },
  {
    name: 'agxOrin64R35Root',
    module: 'agx-orin-64gb',
    expected: {
      timestamp: '05-30-2023 11:08:44',
      ramUsedMB: 2871,
      ramTotalMB: 62795,
      swapUsedMB: 0,
      swapTotalMB: 31398,
      cpu: cores([3, 1, 0, 2, 1, 0, 4, 0, 1, 2, 0, 1], 1190),
      gpuLoadPct: 0,
      gpuFreqMHz: 306,
      temps: { cpu: 45.312, tboard: 34, soc2: 41.843, tdiode: 35.5, soc0: 42.156, tj: 45.312, soc1: 42.593 },
      rails: {
        VDD_GPU_SOC: { curMw: 2712, avgMw: 2705 },
        VDD_CPU_CV: { curMw: 591, avgMw: 587 },
        VIN_SYS_5V0: { curMw: 4217, avgMw: 4209 },
        VDDQ_VDD2_1V8AO: { curMw: 402, avgMw: 401 },
      },
      // 2712 + 591 + 4217 (VDDQ_VDD2_1V8AO left out); avg 2705 + 587 + 4209.
      totalPowerMw: 7520,
      totalPowerAvgMw: 7501,
      powerRule: { kind: 'sum', rails: ['VDD_GPU_SOC', 'VDD_CPU_CV', 'VIN_SYS_5V0'] },
    },
  },
  {
    name: 'orinNanoSuperR36Root',
    module: 'orin-nano-8gb-super',
    expected: {
      timestamp: '03-27-2025 22:41:06',
      ramUsedMB: 4102,
      ramTotalMB: 7620,
      swapUsedMB: 96,
      swapTotalMB: 3810,
      cpu: cores([31, 22, 27, 35, 18, 24], 1344),
      gpuLoadPct: 71,
      gpuFreqMHz: 918,
      temps: { cpu: 51.125, soc2: 48.593, soc0: 49.312, gpu: 52.25, tj: 52.25, soc1: 49.031 },
      rails: {
        VDD_IN: { curMw: 11236, avgMw: 10982 },
        VDD_CPU_GPU_CV: { curMw: 4518, avgMw: 4397 },
        VDD_SOC: { curMw: 2307, avgMw: 2288 },
      },
      totalPowerMw: 11236,
      totalPowerAvgMw: 10982,
      powerRule: { kind: 'rail', rail: 'VDD_IN' },
    },
  },
  {
    name: 'orinNx16R36NonRoot',
    module: 'orin-nx-16gb',
    expected: {
      timestamp: '06-02-2025 15:19:57',
      ramUsedMB: 6644,
      ramTotalMB: 15657,
      swapUsedMB: 0,
      swapTotalMB: 7828,
      cpu: cores([24, 19, 31, 15, 28, 22, 17, 26], 1984),
      gpuLoadPct: 54,
      gpuFreqMHz: null,
      temps: {
        cv0: 49.062,
        cpu: 52.375,
        soc2: 49.25,
        soc0: 50.437,
        cv1: 48.843,
        gpu: 53.031,
        tj: 53.031,
        soc1: 49.687,
        cv2: 48.406,
      },
      rails: {
        VDD_IN: { curMw: 13308, avgMw: 13122 },
        VDD_CPU_GPU_CV: { curMw: 6210, avgMw: 6087 },
        VDD_SOC: { curMw: 2496, avgMw: 2481 },
      },
      totalPowerMw: 13308,
      totalPowerAvgMw: 13122,
      powerRule: { kind: 'rail', rail: 'VDD_IN' },
    },
  },
  {
    name: 'agxOrin64R36Root',
    module: 'agx-orin-64gb',
    expected: {
      timestamp: '09-14-2025 08:26:31',
      ramUsedMB: 27310,
      ramTotalMB: 62841,
      swapUsedMB: 0,
      swapTotalMB: 31420,
      cpu: cores([33, 28, 41, 25, 36, 30, 22, 39, 27, 34, 29, 31], 2201),
      gpuLoadPct: 77,
      gpuFreqMHz: 1300,
      temps: { cpu: 61.593, soc2: 56.062, soc0: 57.218, tj: 61.593, soc1: 57.843 },
      rails: {
        VDD_GPU_SOC: { curMw: 21877, avgMw: 21402 },
        VDD_CPU_CV: { curMw: 7935, avgMw: 7718 },
        VIN_SYS_5V0: { curMw: 7106, avgMw: 7061 },
      },
      // 21877 + 7935 + 7106; avg 21402 + 7718 + 7061.
      totalPowerMw: 36918,
      totalPowerAvgMw: 36181,
      powerRule: { kind: 'sum', rails: ['VDD_GPU_SOC', 'VDD_CPU_CV', 'VIN_SYS_5V0'] },
    },
  },
  {
    name: 'orinNanoR39Root',
    module: 'orin-nano-8gb',
    expected: {
      timestamp: '07-21-2026 12:03:58',
      ramUsedMB: 3376,
      ramTotalMB: 7486,
      swapUsedMB: null,
      swapTotalMB: null,
      cpu: cores([12, 9, 15, 7, 3, 5], 729),
      gpuLoadPct: 9,
      gpuFreqMHz: 306,
      temps: { cpu: 45.937, soc2: 44.218, soc0: 44.906, gpu: 46.062, tj: 46.062, soc1: 44.531 },
      rails: {
        VDD_IN: { curMw: 4417, avgMw: 4620, maxMw: 5311 },
        VDD_CPU_GPU_CV: { curMw: 706, avgMw: 781, maxMw: 1042 },
        VDD_SOC: { curMw: 1296, avgMw: 1322, maxMw: 1415 },
      },
      totalPowerMw: 4417,
      totalPowerAvgMw: 4620,
      powerRule: { kind: 'rail', rail: 'VDD_IN' },
    },
  },
  {
    name: 'agxThorR38NonRoot',
    module: 'agx-thor',
    expected: {
      timestamp: '12-09-2025 10:14:27',
      ramUsedMB: 18876,
      ramTotalMB: 125772,
      swapUsedMB: null,
      swapTotalMB: null,
      cpu: cores(
        [1, 0, 2, 1, 6, 1, 0, 3, 11, 0, 2, 1, 0, 4],
        [972, 972, 972, 972, 1566, 1566, 972, 972, 972, 972, 972, 972, 972, 972],
      ),
      gpuLoadPct: null,
      gpuFreqMHz: null,
      temps: { cpu: 34.812, tj: 35.906, soc012: 34.968, gpu: 35.437, soc345: 35.906 },
      rails: {
        VDD_GPU: { curMw: 2118, avgMw: 2104 },
        VDD_CPU_SOC_MSS: { curMw: 5987, avgMw: 5972 },
        VIN_SYS_5V0: { curMw: 6094, avgMw: 6081 },
        VIN: { curMw: 19472, avgMw: 19519 },
      },
      totalPowerMw: 19472,
      totalPowerAvgMw: 19519,
      powerRule: { kind: 'rail', rail: 'VIN' },
    },
  },
  {
    name: 'tx2NxR32NoRails',
    module: 'tx2-nx',
    expected: {
      timestamp: null,
      ramUsedMB: 1205,
      ramTotalMB: 3825,
      swapUsedMB: null,
      swapTotalMB: null,
      cpu: [{ loadPct: 5, freqMHz: 345 }, null, null, ...cores([3, 2, 1], 345)],
      gpuLoadPct: 0,
      gpuFreqMHz: null,
      temps: { pll: 35, mcpu: 35, pmic: 50, tboard: 32, gpu: 34, bcpu: 35, thermal: 34.6, tdiode: 33.25 },
      rails: {},
      totalPowerMw: null,
      totalPowerAvgMw: null,
      powerRule: { kind: 'unavailable' },
    },
  },
];

describe('parseTegrastatsLine — reference sample lines', () => {
  describe.each(CASES)('$name', ({ name, module, expected }) => {
    const line = LINES[name];

    it('reads every field, rule chosen from the rail names', () => {
      expect(parseTegrastatsLine(line)).toEqual({ ...expected, warnings: [] });
    });

    it('gives the same reading with the module given', () => {
      expect(parseTegrastatsLine(line, { module })).toEqual({ ...expected, warnings: [] });
    });

    it('tolerates a trailing \\r and surrounding blanks', () => {
      expect(parseTegrastatsLine(`  ${line}\r`)).toEqual({ ...expected, warnings: [] });
    });

    it("prints only zones and rails the catalog lists for the module's family", () => {
      const spec = getModule(module);
      const zones = new Set(
        [spec.thermalZones, ...Object.values(spec.thermalZonesByL4tMajor)].flat().map((zone) => zone.toLowerCase()),
      );
      for (const zone of Object.keys(expected.temps)) expect(zones).toContain(zone);
      for (const rail of Object.keys(expected.rails)) {
        if (rail !== 'VDDQ_VDD2_1V8AO') expect(spec.rails).toContain(rail);
      }
    });
  });
});

describe('parseTegrastatsLine — grammar variants', () => {
  it('reads early-r35 GR3D2 as the max load and the highest clock', () => {
    const sample = parseTegrastatsLine(
      '01-02-2023 10:00:00 RAM 100/30697MB CPU [1%@729] GR3D_FREQ 12%@306 GR3D2_FREQ 40%@624 VDD_GPU_SOC 1mW/1mW VDD_CPU_CV 2mW/2mW VIN_SYS_5V0 3mW/3mW',
    );
    expect(sample.gpuLoadPct).toBe(40);
    expect(sample.gpuFreqMHz).toBe(624);
    expect(sample.totalPowerMw).toBe(6);
    expect(sample.warnings).toEqual([]);
  });

  it('keeps GR3D2 "0%@0" (second GPC absent) from lowering the clock', () => {
    const sample = parseTegrastatsLine('RAM 1/2MB CPU [1%@2] GR3D_FREQ 5%@306 GR3D2_FREQ 0%@0');
    expect(sample.gpuLoadPct).toBe(5);
    expect(sample.gpuFreqMHz).toBe(306);
  });

  it('reads a powered-down GPU (@[0,0]) as 0 MHz, not missing', () => {
    const sample = parseTegrastatsLine('RAM 1/2MB CPU [1%@2] GR3D_FREQ 0%@[0,0]');
    expect(sample.gpuLoadPct).toBe(0);
    expect(sample.gpuFreqMHz).toBe(0);
  });

  it('takes the highest of several per-GPC clocks', () => {
    expect(parseTegrastatsLine('RAM 1/2MB CPU [1%@2] GR3D_FREQ 50%@[612,1300]').gpuFreqMHz).toBe(1300);
  });

  it('reads the r32 non-root EMC_FREQ "x%" form without complaint', () => {
    const sample = parseTegrastatsLine('RAM 10/20MB CPU [1%@2] EMC_FREQ 0% GR3D_FREQ 0%');
    expect(sample.warnings).toEqual([]);
  });

  it('finds SWAP after CPU and engines between rails (emulator lines)', () => {
    const sample = parseTegrastatsLine(
      'RAM 1000/3964MB (lfb 5x2kB) CPU [1%@102,off] SWAP 10/1982MB (cached 1MB) POM_5V_IN 2000/1900 NVENC 716 MSENC 716 NVDEC 601 POM_5V_GPU 10/10 POM_5V_CPU 300/290',
    );
    expect(sample.swapUsedMB).toBe(10);
    expect(sample.swapTotalMB).toBe(1982);
    expect(sample.cpu).toEqual([{ loadPct: 1, freqMHz: 102 }, null]);
    expect(Object.keys(sample.rails)).toEqual(['POM_5V_IN', 'POM_5V_GPU', 'POM_5V_CPU']);
    expect(sample.totalPowerMw).toBe(2000);
    expect(sample.warnings).toEqual([]);
  });

  it('reads the TX2 emulator rail names through VDD_IN', () => {
    const sample = parseTegrastatsLine(
      'RAM 1/7859MB CPU [1%@2] VDD_IN 3000/2900 VDD_CPU 500/490 VDD_GPU 100/90 VDD_SOC 400/390 VDD_WIFI 20/20 VDD_DDR 300/300',
      { module: 'tx2' },
    );
    expect(sample.totalPowerMw).toBe(3000);
    expect(sample.totalPowerAvgMw).toBe(2900);
    expect(sample.warnings).toEqual([]);
  });

  it('reads negative temperatures and drops -256C', () => {
    const sample = parseTegrastatsLine('RAM 1/2MB CPU [1%@2] tj@-5.5C CV0@-256C cpu@0C');
    expect(sample.temps).toEqual({ tj: -5.5, cpu: 0 });
  });

  it('treats a real 0 mW input rail as 0, not unavailable', () => {
    const sample = parseTegrastatsLine('RAM 1/2MB CPU [1%@2] VDD_IN 0mW/0mW VDD_CPU_GPU_CV 0mW/0mW VDD_SOC 0mW/0mW');
    expect(sample.totalPowerMw).toBe(0);
    expect(sample.powerRule).toEqual({ kind: 'rail', rail: 'VDD_IN' });
  });

  it('handles CPU entries without a clock and an all-off list', () => {
    expect(parseTegrastatsLine('RAM 1/2MB CPU [5%,off]').cpu).toEqual([{ loadPct: 5, freqMHz: null }, null]);
    expect(parseTegrastatsLine('RAM 1/2MB CPU [off,off]').cpu).toEqual([null, null]);
  });

  it('tolerates unknown tokens, reporting them', () => {
    const sample = parseTegrastatsLine(`${LINES.orinNanoSuperR36Root} NVFOO 12%@300 zz`);
    expect(sample.totalPowerMw).toBe(11236);
    expect(sample.warnings).toEqual(['unrecognised tokens: NVFOO zz']);
  });

  it('keeps the last value of a rail printed twice and says so', () => {
    const sample = parseTegrastatsLine('RAM 1/2MB CPU [1%@2] VDD_IN 10mW/10mW VDD_IN 20mW/15mW');
    expect(sample.rails.VDD_IN).toEqual({ curMw: 20, avgMw: 15 });
    expect(sample.warnings).toEqual(['rail VDD_IN printed twice; kept the last']);
  });
});

describe('parseTegrastatsLine — power rule by rail names', () => {
  it.each([
    ['VIN wins over VDD_IN', 'VIN 9mW/9mW VDD_IN 5mW/5mW', { kind: 'rail', rail: 'VIN' }, 9],
    ['POM_5V_IN wins over VDD_IN', 'VDD_IN 5/5 POM_5V_IN 7/7', { kind: 'rail', rail: 'POM_5V_IN' }, 7],
    [
      'VDD_IN wins over the AGX Orin set',
      'VDD_GPU_SOC 1mW/1mW VDD_CPU_CV 1mW/1mW VIN_SYS_5V0 1mW/1mW VDD_IN 4mW/4mW',
      { kind: 'rail', rail: 'VDD_IN' },
      4,
    ],
    [
      'AGX Orin set wins over the Xavier set',
      'GPU 1/1 CPU 1/1 SOC 1/1 CV 1/1 VDDRQ 1/1 SYS5V 1/1 VDD_GPU_SOC 2/2 VDD_CPU_CV 3/3 VIN_SYS_5V0 4/4',
      { kind: 'sum', rails: ['VDD_GPU_SOC', 'VDD_CPU_CV', 'VIN_SYS_5V0'] },
      9,
    ],
  ] as const)('%s', (_label, rails, rule, total) => {
    const sample = parseTegrastatsLine(`RAM 1/2MB CPU [1%@2] ${rails}`);
    expect(sample.powerRule).toEqual(rule);
    expect(sample.totalPowerMw).toBe(total);
  });

  it('is unavailable, with a warning, when rails fit no rule (partial Xavier set)', () => {
    const sample = parseTegrastatsLine('RAM 1/2MB CPU [1%@2] GPU 311/309 CPU 774/770 SOC 1859/1851');
    expect(sample.totalPowerMw).toBeNull();
    expect(sample.totalPowerAvgMw).toBeNull();
    expect(sample.powerRule).toEqual({ kind: 'unavailable' });
    expect(sample.warnings).toEqual(['no board-power rule fits rails GPU, CPU, SOC']);
  });

  it('is unavailable without a warning on an AGX Xavier r35 unit that printed no rails', () => {
    const sample = parseTegrastatsLine('01-01-2024 00:00:00 RAM 1/31919MB CPU [1%@2] AO@30C', {
      module: 'agx-xavier-32gb',
    });
    expect(sample.totalPowerMw).toBeNull();
    expect(sample.powerRule).toEqual({ kind: 'unavailable' });
    expect(sample.warnings).toEqual([]);
  });

  it('does not half-sum the module rule when a needed rail is missing', () => {
    const sample = parseTegrastatsLine('RAM 1/2MB CPU [1%@2] GPU 311/309 CPU 774/770', { module: 'agx-xavier-16gb' });
    expect(sample.totalPowerMw).toBeNull();
    expect(sample.warnings).toEqual(["rails needed by agx-xavier-16gb's power rule are missing"]);
  });

  it('falls back to the rail names when the module given does not fit', () => {
    const sample = parseTegrastatsLine(LINES.orinNanoSuperR36Root, { module: 'agx-orin-64gb' });
    expect(sample.totalPowerMw).toBe(11236);
    expect(sample.powerRule).toEqual({ kind: 'rail', rail: 'VDD_IN' });
    expect(sample.warnings).toEqual([
      "rails do not fit agx-orin-64gb's power rule; used the rule for these rail names",
    ]);
  });

  it('warns about a module id it does not know and still reads the total', () => {
    const sample = parseTegrastatsLine(LINES.nanoR32Root, { module: 'jetson-x' as ModuleId });
    expect(sample.totalPowerMw).toBe(1984);
    expect(sample.warnings).toEqual(['unknown module "jetson-x"; power rule chosen from rail names']);
  });
});

describe('parseTegrastatsLine — malformed input never throws', () => {
  const cases: [string, unknown][] = [
    ['empty', ''],
    ['blank', '   \r'],
    ['garbage words', 'hello world'],
    ['binary junk', '\u0000\u0001\u00ff@@@ ]]] [[[ %%% /'],
    ['RAM without a value', 'RAM'],
    ['RAM with a bad value', 'RAM abc CPU [1%@2]'],
    ['CPU without a list', 'RAM 1/2MB CPU'],
    [
      'CPU list cut off',
      '06-02-2025 15:19:57 RAM 6644/15657MB (lfb 180x4MB) SWAP 0/7828MB (cached 0MB) CPU [24%@1984,19%@19',
    ],
    ['cut off after a rail name', `${LINES.orinNx16R36NonRoot.slice(0, LINES.orinNx16R36NonRoot.lastIndexOf(' '))}`],
    ['cut off mid rail value', 'RAM 1/2MB CPU [1%@2] VDD_IN 4417mW/'],
    ['bad GR3D value', 'RAM 1/2MB CPU [1%@2] GR3D_FREQ banana'],
    ['bad CPU entries', 'RAM 1/2MB CPU [x,1%@2,,%@] GR3D_FREQ 1%'],
    ['unclosed lfb group', 'RAM 1/2MB (lfb 3x4MB CPU [1%@2]'],
    ['not a string', 42],
    ['undefined', undefined],
  ];

  it.each(cases)('%s', (_label, input) => {
    let sample: TegrastatsSample | undefined;
    expect(() => {
      sample = parseTegrastatsLine(input as string);
    }).not.toThrow();
    expect(sample?.warnings.length).toBeGreaterThan(0);
  });

  it('reports an empty line and leaves every reading null', () => {
    expect(parseTegrastatsLine('')).toEqual({
      timestamp: null,
      ramUsedMB: null,
      ramTotalMB: null,
      swapUsedMB: null,
      swapTotalMB: null,
      cpu: [],
      gpuLoadPct: null,
      gpuFreqMHz: null,
      temps: {},
      rails: {},
      totalPowerMw: null,
      totalPowerAvgMw: null,
      powerRule: { kind: 'unavailable' },
      warnings: ['empty line'],
    });
  });

  it('keeps what it read from a line cut off inside the CPU list', () => {
    const sample = parseTegrastatsLine('06-02-2025 15:19:57 RAM 6644/15657MB CPU [24%@1984,19%@19');
    expect(sample.timestamp).toBe('06-02-2025 15:19:57');
    expect(sample.ramUsedMB).toBe(6644);
    expect(sample.cpu).toHaveLength(2);
    expect(sample.warnings).toContain('CPU list not closed (truncated line?)');
  });

  it('does not let an unclosed CPU list swallow the rest of the line', () => {
    const sample = parseTegrastatsLine('RAM 1/2MB CPU [1%@2,3%@4 GR3D_FREQ 7%@306 tj@40C VDD_IN 5mW/5mW');
    expect(sample.cpu).toEqual([
      { loadPct: 1, freqMHz: 2 },
      { loadPct: 3, freqMHz: 4 },
    ]);
    expect(sample.gpuLoadPct).toBe(7);
    expect(sample.temps).toEqual({ tj: 40 });
    expect(sample.totalPowerMw).toBe(5);
  });

  it('does not let an unclosed lfb group swallow the CPU list', () => {
    const sample = parseTegrastatsLine('RAM 1/2MB (lfb 3x4MB CPU [1%@2]');
    expect(sample.ramUsedMB).toBe(1);
    expect(sample.cpu).toEqual([{ loadPct: 1, freqMHz: 2 }]);
  });

  it('marks unreadable CPU entries as null so indexes stay aligned', () => {
    const sample = parseTegrastatsLine('RAM 1/2MB CPU [x,1%@2]');
    expect(sample.cpu).toEqual([null, { loadPct: 1, freqMHz: 2 }]);
    expect(sample.warnings).toEqual(['unreadable CPU entry 0 "x"']);
  });

  it('warns about a rail name left dangling at the end', () => {
    const sample = parseTegrastatsLine('RAM 1/2MB CPU [1%@2] VDD_IN 5mW/5mW VDD_SOC');
    expect(sample.totalPowerMw).toBe(5);
    expect(sample.warnings).toEqual(['dangling token "VDD_SOC" at end of line (truncated?)']);
  });
});
