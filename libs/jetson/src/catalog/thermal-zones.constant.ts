/** tegrastats zone names as printed per module family (reference §2.2). */
export const THERMAL_ZONES = {
  nano: ['PLL', 'CPU', 'PMIC', 'GPU', 'AO', 'thermal'],
  tx2: ['PLL', 'MCPU', 'PMIC', 'Tboard', 'GPU', 'BCPU', 'thermal', 'Tdiode'],
  agxXavier: ['AO', 'GPU', 'Tboard', 'Tdiode', 'AUX', 'CPU', 'thermal', 'PMIC'],
  xavierNxR32: ['AO', 'GPU', 'PMIC', 'AUX', 'CPU', 'thermal'],
  xavierNxR35: ['AUX', 'CPU', 'thermal', 'AO', 'GPU', 'PMIC'],
  // CV*/GPU print -256C on the devkit.
  agxOrinR35: ['CV0', 'CPU', 'Tboard', 'SOC2', 'Tdiode', 'SOC0', 'CV1', 'GPU', 'tj', 'SOC1', 'CV2'],
  agxOrinR36: ['cpu', 'soc2', 'soc0', 'tj', 'soc1'],
  orinNx: ['cv0', 'cpu', 'soc2', 'soc0', 'cv1', 'gpu', 'tj', 'soc1', 'cv2'],
  orinNano: ['cpu', 'soc2', 'soc0', 'gpu', 'tj', 'soc1'],
  agxThor: ['cpu', 'tj', 'soc012', 'gpu', 'soc345'],
} as const satisfies Record<string, readonly string[]>;
