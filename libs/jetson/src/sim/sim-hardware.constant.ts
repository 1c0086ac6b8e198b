import type { ModuleId } from '../catalog/index.js';
import type { SimHardware, SimPerfAnchor, SimPowerParams, SimThermalParams } from './sim-hardware.types.js';

// ---- Performance anchors (YOLOv8n-class, b1, 640×640, FP16 GPU compute time) — reference §6 ----

/** Orin Nano 8GB Super, MAXN_SUPER (GPU 1020 MHz), JP6.2.1: TRT GPU 8.36 / 4.43 / 3.49 ms, host 9.21 / 5.20 / 4.06
 *  for FP32 / FP16 / INT8 (github.com/hokwangchoi/jetson-orin-nano-benchmarks). */
const AMPERE: SimPerfAnchor = {
  fp16GpuMs: 4.43,
  atGpuMHz: 1020,
  // Assumed launch floor; keeps small models from scaling linearly with SM count.
  floorMs: 0.6,
  fp32Ratio: 8.36 / 4.43,
  int8Ratio: 3.49 / 4.43,
  transferMs: 5.2 - 4.43,
};

/** AGX Xavier 32GB MODE_15W_DESKTOP, R35.6 TRT 8.5.2: YOLOv8n GPU 9.28 (FP16) / 6.82 (INT8) ms (public notes,
 *  search-index ids 59516304746 / 59503187039). Mode 7's GPU cap is not in the reference: 670 MHz assumed (as
 *  MODE_15W). FP32/FP16 = 6.37/3.48 from tkDNN yolo4tiny on AGX Xavier (ceccocats/tkDNN#170). */
const VOLTA: SimPerfAnchor = {
  fp16GpuMs: 9.28,
  atGpuMHz: 670,
  floorMs: 0.6,
  fp32Ratio: 6.37 / 3.48,
  int8Ratio: 6.82 / 9.28,
  transferMs: 0.7,
};

/** Nano 4GB, MAXN (GPU 921.6 MHz): no YOLOv8n figure, so derived from Idein/aicast_jetson_benchmark, which ran
 *  YOLOX-S on both Nano (FP16 infer 93.7 ms) and Orin Nano 8GB 15W (10.7 ms): 8.76 × the Orin Nano 15W YOLOv8n
 *  time this model gives (6.85 ms) ≈ 60 ms. FP32/FP16 = 153.3/93.7 (same source); no INT8 gain on Maxwell.
 *  Transfer = 40.40 − 39.89 ms (Nano TRT 8.0.1 log, search-index id 58785742170). */
const MAXWELL: SimPerfAnchor = {
  fp16GpuMs: 60,
  atGpuMHz: 921.6,
  floorMs: 1,
  fp32Ratio: 153.3 / 93.7,
  int8Ratio: 1,
  transferMs: 40.4 - 39.89,
};

/** TX2: no figure in §6. Its two 128-core SMs are assumed to match the Nano's per SM and clock, so the Nano
 *  anchor scales by SM count and clock (≈ 22 ms at 1.3 GHz). */
const PASCAL: SimPerfAnchor = MAXWELL;

// ---- Power (W) — reference §2.5 / §6 ----

/** hokwangchoi (above): 14.14 W board at FP16 with idle ≈ 3.9 W (§2.5 Orin Nano idle 3.0–4.8 W) → ≈ 7.2 W on
 *  the GPU rail for 8 SMs at 1020 MHz once the 1.25× board overhead and the trtexec host thread are removed. */
const AMPERE_GPU_W_PER_SM = 0.9;

const orinVddInIdle = (idleW: number): SimPowerParams['idleRailsW'] => ({
  // Orin Nano idle split 0.37 / 0.945 of 2.18 W (NVIDIA forum thread 348662).
  VDD_CPU_GPU_CV: (idleW * 0.37) / 2.18,
  VDD_SOC: (idleW * 0.945) / 2.18,
});

const orinVddIn = (idleW: number): SimPowerParams => ({
  idleW,
  idleRailsW: orinVddInIdle(idleW),
  gpuWPerSm: AMPERE_GPU_W_PER_SM,
  // Orin NX 16GB 40W: 27.6 W with 8 cores at 1498 MHz + HGEMM (ARK docs/power.md) → ≈ 1.2 W per core at 1984.
  cpuWPerCore: 1.2,
});

// ---- Thermal ----

/** Orin NX 16GB (ARK): 27.6 W → Tj 86 °C, 29.4 W → 89 °C, i.e. ≈ 2.2 °C/W above a 25 °C room. */
const ORIN_SMALL_THERMAL: SimThermalParams = { rthCPerW: 2.2, tauS: 90, throttleC: 99 };

interface Family {
  readonly hardware: Omit<SimHardware, 'machine' | 'swapMB' | 'engines' | 'gpuMaxMHz'>;
}

const nano: Family = {
  hardware: {
    cpuMinMHz: 102,
    cpuMaxMHz: 1479,
    gpuMinMHz: 76,
    emcMaxMHz: 1600,
    gpcCount: 1,
    offlineFirst: [],
    pmicC: 50,
    iram: true,
    mts: false,
    perf: MAXWELL,
    power: {
      // §2.5: Nano idle 1.6–1.75 W; rail split from the §2.7 JP4 Nano line.
      idleW: 1.7,
      idleRailsW: { POM_5V_GPU: 0.04, POM_5V_CPU: 0.3 },
      // Assumed: ≈ 3.2 W on POM_5V_GPU at 921.6 MHz full load keeps MAXN under its 10 W label.
      gpuWPerSm: 3.76,
      cpuWPerCore: 0.45,
    },
    // Assumed (passive heatsink).
    thermal: { rthCPerW: 4.5, tauS: 120, throttleC: 97 },
  },
};

const tx2: Family = {
  hardware: {
    cpuMinMHz: 345,
    cpuMaxMHz: 2000,
    gpuMinMHz: 114,
    emcMaxMHz: 1866,
    gpcCount: 1,
    // Denver cores are cpu1 and cpu2 (reference §1.1).
    offlineFirst: [1, 2],
    pmicC: 100,
    iram: false,
    mts: true,
    perf: PASCAL,
    power: {
      // Assumed (no §2.5 figure); split from the §2.7 JP4 TX2 line.
      idleW: 2.4,
      idleRailsW: { VDD_SYS_GPU: 0.08, VDD_SYS_SOC: 0.46, VDD_4V0_WIFI: 0.04, VDD_SYS_CPU: 0.3, VDD_SYS_DDR: 0.42 },
      gpuWPerSm: 1.53,
      cpuWPerCore: 0.6,
    },
    thermal: { rthCPerW: 3, tauS: 120, throttleC: 97 },
  },
};

const agxXavier: Family = {
  hardware: {
    cpuMinMHz: 1190,
    cpuMaxMHz: 2265.6,
    gpuMinMHz: 318,
    emcMaxMHz: 2133,
    gpcCount: 1,
    offlineFirst: [],
    pmicC: 100,
    iram: false,
    mts: true,
    perf: VOLTA,
    power: {
      // Idle 8.23 W and FP16 13.46 W / INT8 12.51 W board (Xavier public notes above) → 0.88 W per SM at 1020.
      idleW: 8.2,
      idleRailsW: { GPU: 0.45, CPU: 1, SOC: 2.6, CV: 0, VDDRQ: 0.75, SYS5V: 3.4 },
      gpuWPerSm: 0.88,
      cpuWPerCore: 0.9,
    },
    thermal: { rthCPerW: 1.2, tauS: 150, throttleC: 96 },
  },
};

const xavierNx: Family = {
  hardware: {
    ...agxXavier.hardware,
    cpuMaxMHz: 1900,
    emcMaxMHz: 1600,
    mts: false,
    pmicC: 50,
    power: {
      // Assumed, as the §2.7 JP5 Xavier NX line.
      idleW: 3.5,
      idleRailsW: { VDD_CPU_GPU_CV: 0.6, VDD_SOC: 1 },
      gpuWPerSm: 0.88,
      cpuWPerCore: 0.9,
    },
    thermal: { rthCPerW: 2.5, tauS: 90, throttleC: 96 },
  },
};

const orinNano = (idleW: number): Family => ({
  hardware: {
    cpuMinMHz: 729,
    cpuMaxMHz: 1510.4,
    gpuMinMHz: 306,
    emcMaxMHz: 2133,
    gpcCount: 1,
    offlineFirst: [],
    pmicC: 50,
    iram: false,
    mts: false,
    perf: AMPERE,
    power: orinVddIn(idleW),
    thermal: ORIN_SMALL_THERMAL,
  },
});

const orinNx = (idleW: number): Family => ({
  hardware: { ...orinNano(idleW).hardware, cpuMaxMHz: 1984, emcMaxMHz: 3199 },
});

const agxOrin: Family = {
  hardware: {
    cpuMinMHz: 729,
    cpuMaxMHz: 2201.6,
    gpuMinMHz: 306,
    emcMaxMHz: 3199,
    gpcCount: 2,
    offlineFirst: [],
    pmicC: 50,
    iram: false,
    mts: false,
    perf: AMPERE,
    power: {
      // §2.5: AGX Orin idle VDD_GPU_SOC ≈ 2.3 + VDD_CPU_CV ≈ 0.4 + VIN_SYS_5V0 ≈ 4.0 W; DDR rail (r35 only) assumed.
      idleW: 6.7,
      idleRailsW: { VDD_GPU_SOC: 2.3, VDD_CPU_CV: 0.4, VIN_SYS_5V0: 4, VDDQ_VDD2_1V8AO: 0.4 },
      gpuWPerSm: AMPERE_GPU_W_PER_SM,
      cpuWPerCore: 1.2,
    },
    // Assumed (large devkit heatsink + fan).
    thermal: { rthCPerW: 1, tauS: 150, throttleC: 99 },
  },
};

const thor: Family = {
  hardware: {
    cpuMinMHz: 972,
    cpuMaxMHz: 2601,
    gpuMinMHz: 0,
    emcMaxMHz: 4266,
    gpcCount: 1,
    offlineFirst: [],
    pmicC: 50,
    iram: false,
    mts: false,
    // Blackwell assumed to match Ampere per SM and clock; nothing in §6.
    perf: AMPERE,
    power: {
      // §2.5: Thor idle VIN 20–24 W; split from the §2.7 JP7.0 Thor line.
      idleW: 22,
      idleRailsW: { VDD_GPU: 2.1, VDD_CPU_SOC_MSS: 6, VIN_SYS_5V0: 6.1 },
      gpuWPerSm: AMPERE_GPU_W_PER_SM,
      cpuWPerCore: 1.5,
    },
    thermal: { rthCPerW: 0.55, tauS: 180, throttleC: 99 },
  },
};

const ORIN_NANO_ENGINES = ['NVDEC', 'NVJPG', 'NVJPG1', 'VIC', 'OFA'];
const ORIN_FULL_ENGINES = ['NVENC', 'NVDEC', 'NVJPG', 'NVJPG1', 'VIC', 'OFA', 'NVDLA0', 'NVDLA1', 'PVA0_FREQ'];
const ORIN_NX8_ENGINES = ['NVENC', 'NVDEC', 'NVJPG', 'NVJPG1', 'VIC', 'OFA', 'NVDLA0', 'PVA0_FREQ'];

const define = (
  family: Family,
  machine: string,
  gpuMaxMHz: number,
  swapMB: number,
  engines: readonly string[] = [],
): SimHardware => ({ ...family.hardware, machine, gpuMaxMHz, swapMB, engines });

const NX_MACHINE = 'NVIDIA Jetson Orin NX Engineering Reference Developer Kit';

export const SIM_HARDWARE: Readonly<Record<ModuleId, SimHardware>> = {
  'nano-4gb': define(nano, 'NVIDIA Jetson Nano Developer Kit', 921.6, 1982),
  'nano-2gb': define(nano, 'NVIDIA Jetson Nano 2GB Developer Kit', 921.6, 990),
  tx2: define(tx2, 'NVIDIA Jetson TX2 Developer Kit', 1300, 0),
  'tx2-4gb': define(tx2, 'NVIDIA Jetson TX2', 1300, 0),
  'tx2-nx': define(tx2, 'NVIDIA Jetson TX2 NX Developer Kit', 1300, 0),
  'agx-xavier-16gb': define(agxXavier, 'NVIDIA Jetson AGX Xavier', 1377, 7846),
  'agx-xavier-32gb': define(agxXavier, 'NVIDIA Jetson AGX Xavier Developer Kit', 1377, 15959),
  'xavier-nx-8gb': define(xavierNx, 'NVIDIA Jetson Xavier NX Developer Kit', 1100, 3426),
  'xavier-nx-16gb': define(xavierNx, 'NVIDIA Jetson Xavier NX Developer Kit (eMMC)', 1100, 7442),
  // Orin Nano 4GB idle assumed a little below the 8GB's.
  'orin-nano-4gb': define(orinNano(3.5), 'NVIDIA Jetson Orin Nano Developer Kit', 624.75, 1850, ORIN_NANO_ENGINES),
  'orin-nano-8gb': define(orinNano(3.9), 'NVIDIA Jetson Orin Nano Developer Kit', 624.75, 3810, ORIN_NANO_ENGINES),
  'orin-nano-8gb-super': {
    ...define(
      orinNano(3.9),
      'NVIDIA Jetson Orin Nano Engineering Reference Developer Kit Super',
      1020,
      3810,
      ORIN_NANO_ENGINES,
    ),
    cpuMaxMHz: 1728,
    emcMaxMHz: 3199,
  },
  // §2.5: Orin NX 8GB idle 5.4–6.0 W; Orin NX 16GB idle 4.6 W (ARK docs/power.md).
  'orin-nx-8gb': define(orinNx(5.7), NX_MACHINE, 765, 3810, ORIN_NX8_ENGINES),
  'orin-nx-8gb-super': define(orinNx(5.7), `${NX_MACHINE} Super`, 1173, 3810, ORIN_NX8_ENGINES),
  'orin-nx-16gb': define(orinNx(4.6), NX_MACHINE, 918, 7828, ORIN_FULL_ENGINES),
  'orin-nx-16gb-super': define(orinNx(4.6), `${NX_MACHINE} Super`, 1173, 7828, ORIN_FULL_ENGINES),
  'agx-orin-32gb': define(agxOrin, 'NVIDIA Jetson AGX Orin Developer Kit', 930.75, 15349, ORIN_FULL_ENGINES),
  'agx-orin-64gb': define(agxOrin, 'NVIDIA Jetson AGX Orin Developer Kit', 1300.5, 31420, ORIN_FULL_ENGINES),
  'agx-thor': define(thor, 'NVIDIA Jetson AGX Thor Developer Kit', 1575, 0),
};
