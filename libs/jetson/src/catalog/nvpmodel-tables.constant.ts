import type { PowerModeSpec } from './power-mode.types.js';

/**
 * nvpmodel mode tables (reference §3.1), keyed by conf. Values marked "assumed" are not in the
 * reference; they fill gaps so the reboot rule and the simulator have something to work with.
 */
export const NVPMODEL_TABLES = {
  nano: [
    { id: 0, name: 'MAXN', isDefault: true, onlineCores: 4, cpuMaxMHz: 1479, gpuMaxMHz: 921.6 },
    // GPU cap is "≈614–640" in the reference; left unset rather than guessed.
    { id: 1, name: '5W', onlineCores: 2, cpuMaxMHz: 918 },
  ],
  // TX2 4GB and TX2 NX are assumed to ship the same t186 table.
  tx2: [
    { id: 0, name: 'MAXN', onlineCores: 6, cpuMaxMHz: 2000, gpuMaxMHz: 1300 },
    { id: 1, name: 'MAXQ', budgetW: 7.5, onlineCores: 4, cpuMaxMHz: 1200, gpuMaxMHz: 850 },
    { id: 2, name: 'MAXP_CORE_ALL', budgetW: 15, onlineCores: 6, cpuMaxMHz: 1400, gpuMaxMHz: 1120 },
    { id: 3, name: 'MAXP_CORE_ARM', budgetW: 15, isDefault: true, onlineCores: 4, cpuMaxMHz: 2000, gpuMaxMHz: 1120 },
    { id: 4, name: 'MAXP_CORE_DENVER', budgetW: 15, onlineCores: 2, cpuMaxMHz: 2000, gpuMaxMHz: 1120 },
  ],
  agxXavier: [
    { id: 0, name: 'MAXN', onlineCores: 8, cpuMaxMHz: 2265.6, gpuMaxMHz: 1377 },
    { id: 1, name: 'MODE_10W', onlineCores: 2, cpuMaxMHz: 1200, gpuMaxMHz: 520 },
    { id: 2, name: 'MODE_15W', isDefault: true, onlineCores: 4, cpuMaxMHz: 1200, gpuMaxMHz: 670 },
    { id: 3, name: 'MODE_30W_ALL', onlineCores: 8, cpuMaxMHz: 1200, gpuMaxMHz: 900 },
    { id: 4, name: 'MODE_30W_6CORE', onlineCores: 6, cpuMaxMHz: 1450, gpuMaxMHz: 900 },
    { id: 5, name: 'MODE_30W_4CORE', onlineCores: 4, cpuMaxMHz: 1780, gpuMaxMHz: 900 },
    { id: 6, name: 'MODE_30W_2CORE', onlineCores: 2, cpuMaxMHz: 2100, gpuMaxMHz: 900 },
    { id: 7, name: 'MODE_15W_DESKTOP' },
  ],
  // Core counts come from the names; the reference gives no clocks for Xavier NX.
  xavierNx: [
    { id: 0, name: 'MODE_15W_2CORE', onlineCores: 2 },
    { id: 1, name: 'MODE_15W_4CORE', onlineCores: 4 },
    { id: 2, name: 'MODE_15W_6CORE', isDefault: true, onlineCores: 6 },
    { id: 3, name: 'MODE_10W_2CORE', onlineCores: 2 },
    { id: 4, name: 'MODE_10W_4CORE', onlineCores: 4 },
    { id: 5, name: 'MODE_10W_DESKTOP' },
    { id: 6, name: 'MODE_20W_2CORE', onlineCores: 2 },
    { id: 7, name: 'MODE_20W_4CORE', onlineCores: 4 },
    { id: 8, name: 'MODE_20W_6CORE', onlineCores: 6 },
  ],
  orinNano8gb: [
    { id: 0, name: '15W', isDefault: true, onlineCores: 6, cpuMaxMHz: 1510.4, gpuMaxMHz: 624.75 },
    { id: 1, name: '7W', onlineCores: 4 },
  ],
  orinNano4gb: [
    { id: 0, name: '10W', isDefault: true },
    { id: 1, name: '7W_AI' },
    { id: 2, name: '7W_CPU' },
  ],
  // 15W keeps all six cores (assumed, as on the pre-Super 15W); MAXN_SUPER is every core.
  orinNano8gbSuper: [
    { id: 0, name: '15W', onlineCores: 6, cpuMaxMHz: 1497.6, gpuMaxMHz: 612 },
    { id: 1, name: '25W', isDefault: true, onlineCores: 6, cpuMaxMHz: 1344, gpuMaxMHz: 918 },
    { id: 2, name: 'MAXN_SUPER', onlineCores: 6, cpuMaxMHz: 1728, gpuMaxMHz: 1020 },
  ],
  // Core counts assumed from the Super table (10W/15W: 4 cores, 25W/MAXN: 8).
  orinNx16gb: [
    { id: 0, name: 'MAXN', onlineCores: 8 },
    { id: 1, name: '10W', onlineCores: 4 },
    { id: 2, name: '15W', isDefault: true, onlineCores: 4 },
    { id: 3, name: '25W', onlineCores: 8 },
  ],
  // Default "probably 2" per the reference.
  orinNx8gb: [
    { id: 0, name: 'MAXN', onlineCores: 6 },
    { id: 1, name: '10W' },
    { id: 2, name: '15W', isDefault: true },
    { id: 3, name: '20W' },
  ],
  orinNx16gbSuper: [
    { id: 0, name: 'MAXN_SUPER', onlineCores: 8, cpuMaxMHz: 1984, gpuMaxMHz: 1173 },
    { id: 1, name: '10W', onlineCores: 4 },
    { id: 2, name: '15W', onlineCores: 4 },
    { id: 3, name: '25W', onlineCores: 8, cpuMaxMHz: 1498, gpuMaxMHz: 408 },
    { id: 4, name: '40W', isDefault: true, onlineCores: 8, cpuMaxMHz: 1498, gpuMaxMHz: 1173 },
  ],
  // Only mode 0 is verified; with a single known mode it is also the default.
  orinNx8gbSuper: [{ id: 0, name: 'MAXN_SUPER', isDefault: true, onlineCores: 6 }],
  agxOrin64gb: [
    { id: 0, name: 'MAXN', onlineCores: 12, cpuMaxMHz: 2201.6, gpuMaxMHz: 1300.5 },
    { id: 1, name: 'MODE_15W', onlineCores: 4, cpuMaxMHz: 1113.6, gpuMaxMHz: 420.75 },
    { id: 2, name: 'MODE_30W', isDefault: true, onlineCores: 8, cpuMaxMHz: 1728, gpuMaxMHz: 624.75 },
    { id: 3, name: 'MODE_50W', onlineCores: 12, cpuMaxMHz: 1497.6, gpuMaxMHz: 828.75 },
  ],
  // Default unknown; MODE_30W assumed as on the 64GB. Mode 3 is "40W ?" (one user saw 50W).
  agxOrin32gb: [
    { id: 0, name: 'MAXN', onlineCores: 8 },
    { id: 1, name: 'MODE_15W' },
    { id: 2, name: 'MODE_30W', isDefault: true },
    { id: 3, name: 'MODE_40W' },
  ],
  agxThor: [
    { id: 0, name: 'MAXN', onlineCores: 14 },
    { id: 1, name: '120W', isDefault: true },
    { id: 2, name: '90W' },
    { id: 3, name: '70W' },
  ],
} as const satisfies Record<string, readonly PowerModeSpec[]>;
