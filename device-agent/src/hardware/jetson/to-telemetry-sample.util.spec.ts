import { parseTegrastatsLine } from '@jetfleet/jetson';
import { describe, expect, it } from 'vitest';
import { toTelemetrySample } from './to-telemetry-sample.util.js';

const extras = { powerMode: 'MODE_15W', inference: null, ap50: null, diskFreeMB: 20_000 };

describe('toTelemetrySample', () => {
  it('drops the constant PMIC placeholder zone and keeps board power from the rule (sum of six on AGX Xavier)', () => {
    const line =
      'RAM 3184/15692MB (lfb 2876x4MB) SWAP 0/7846MB (cached 0MB) CPU [6%@1190,2%@1190,off,off] EMC_FREQ 2%@1331 GR3D_FREQ 0%@318 APE 150 AO@33.5C GPU@34C Tboard@32C CPU@35.5C thermal@34.05C PMIC@100C GPU 311/309 CPU 774/770 SOC 1859/1851 CV 0/0 VDDRQ 465/462 SYS5V 2417/2410';
    const s = toTelemetrySample({ sample: parseTegrastatsLine(line), line, receivedAt: Date.now() }, extras);
    expect(s.temps).not.toHaveProperty('pmic');
    expect(Math.max(...Object.values(s.temps ?? {}))).toBe(35.5);
    expect(s.powerMw).toBe(311 + 774 + 1859 + 0 + 465 + 2417);
  });

  it('reports power as null, not 0, when the line has no rails', () => {
    const line = 'RAM 1751/3825MB (lfb 1302x4MB) CPU [2%@499,off] EMC_FREQ 0% GR3D_FREQ 0% PLL@39.5C thermal@38.9C';
    const s = toTelemetrySample({ sample: parseTegrastatsLine(line), line, receivedAt: Date.now() }, extras);
    expect(s.powerMw).toBeNull();
  });
});
