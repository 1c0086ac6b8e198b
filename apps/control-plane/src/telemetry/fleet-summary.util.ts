import { findModule, resolvePowerMode } from '@jetfleet/jetson';
import type { DeviceSummaryRow } from './telemetry-query.repository.js';
import type { FleetSummary } from './dto/fleet-summary.type.js';

/** Pure: aggregates device rows into the fleet summary, judging power against each mode's budget. */
export function summarizeFleet(rows: DeviceSummaryRow[]): FleetSummary {
  const byModule = new Map<string, { devices: number; online: number; powerSum: number; powered: number }>();
  const overBudget: FleetSummary['overBudget'] = [];
  for (const row of rows) {
    const m = byModule.get(row.module) ?? { devices: 0, online: 0, powerSum: 0, powered: 0 };
    m.devices++;
    if (row.online) {
      m.online++;
      if (row.power_mw !== null) {
        m.powerSum += row.power_mw;
        m.powered++;
      }
      const spec = findModule(row.module);
      const mode = spec && row.power_mode ? resolvePowerMode(spec.id, row.power_mode) : undefined;
      if (mode && row.power_mw !== null && row.power_mw > mode.budgetW * 1000) {
        overBudget.push({
          deviceId: row.id,
          module: row.module,
          powerMode: mode.name,
          powerMw: row.power_mw,
          budgetMw: mode.budgetW * 1000,
        });
      }
    }
    byModule.set(row.module, m);
  }
  return {
    devices: rows.length,
    online: rows.filter((r) => r.online).length,
    byModule: [...byModule.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([module, m]) => ({
        module,
        devices: m.devices,
        online: m.online,
        meanPowerMw: m.powered ? m.powerSum / m.powered : null,
      })),
    overBudget: overBudget.sort((a, b) => a.deviceId.localeCompare(b.deviceId)),
  };
}
