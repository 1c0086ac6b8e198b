/** Simulator-only hardware facts the catalog does not carry (clock floors, calibration anchors, engines). */
export interface SimHardware {
  /** /proc/device-tree/model string, printed by `jetson_clocks --show` as `Machine:`. */
  readonly machine: string;
  readonly cpuMinMHz: number;
  /** Module maximum, used when a catalog mode has no CPU cap. */
  readonly cpuMaxMHz: number;
  readonly gpuMinMHz: number;
  readonly gpuMaxMHz: number;
  readonly emcMaxMHz: number;
  /** GPCs tegrastats prints a clock for (`GR3D_FREQ x%@[a,b]`). */
  readonly gpcCount: number;
  /** TX2's Denver pair is cpu1/cpu2; modes without them switch these indexes off first. */
  readonly offlineFirst: readonly number[];
  /** Engines printed as `<ENG> off|x%@MHz` by root tegrastats on r36+ (r36 names; r39 renames NVDEC/NVJPG). */
  readonly engines: readonly string[];
  /** zram size the image configures (MB); 0 = no SWAP token. */
  readonly swapMB: number;
  /** `PMIC@<n>C` is a constant placeholder on some modules. */
  readonly pmicC: number;
  /** t210 prints `IRAM`. */
  readonly iram: boolean;
  /** TX2 / Xavier r32 print `MTS fg x% bg y%`. */
  readonly mts: boolean;
  readonly perf: SimPerfAnchor;
  readonly power: SimPowerParams;
  readonly thermal: SimThermalParams;
}

/** YOLOv8n-class detector, batch 1, 640×640, TensorRT FP16: GPU compute time at a GPU clock. */
export interface SimPerfAnchor {
  readonly fp16GpuMs: number;
  readonly atGpuMHz: number;
  /** Fixed per-query floor (launch overhead) that does not scale with clock or pixels. */
  readonly floorMs: number;
  /** GPU compute time of FP32 and INT8 relative to FP16. */
  readonly fp32Ratio: number;
  readonly int8Ratio: number;
  /** H2D + D2H for a 640×640 FP32 input (host latency − GPU compute). */
  readonly transferMs: number;
}

export interface SimPowerParams {
  /** Board (input) power at idle, W. */
  readonly idleW: number;
  /** Idle share of each printed sub-rail, W (the input rail is derived). */
  readonly idleRailsW: Readonly<Record<string, number>>;
  /** GPU rail power per SM at 1020 MHz and 100 % load, W; scales with (clock/1020)^1.6. */
  readonly gpuWPerSm: number;
  /** CPU rail power per fully loaded core at the module's max CPU clock, W. */
  readonly cpuWPerCore: number;
}

export interface SimThermalParams {
  /** Steady-state rise of tj above ambient per board watt, °C/W. */
  readonly rthCPerW: number;
  /** First-order time constant, s. */
  readonly tauS: number;
  /** tj at which the simulated firmware starts capping GPU clocks. */
  readonly throttleC: number;
}
