/** tegrastats power rails per module family, in print order (reference §2.5). */
export const RAIL_SETS = {
  nano: ['POM_5V_IN', 'POM_5V_GPU', 'POM_5V_CPU'],
  tx2: ['VDD_SYS_GPU', 'VDD_SYS_SOC', 'VDD_4V0_WIFI', 'VDD_IN', 'VDD_SYS_CPU', 'VDD_SYS_DDR'],
  agxXavier: ['GPU', 'CPU', 'SOC', 'CV', 'VDDRQ', 'SYS5V'],
  vddIn: ['VDD_IN', 'VDD_CPU_GPU_CV', 'VDD_SOC'],
  agxOrin: ['VDD_GPU_SOC', 'VDD_CPU_CV', 'VIN_SYS_5V0'],
  agxThor: ['VDD_GPU', 'VDD_CPU_SOC_MSS', 'VIN_SYS_5V0', 'VIN'],
} as const satisfies Record<string, readonly string[]>;
