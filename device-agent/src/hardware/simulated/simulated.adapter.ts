import { defaultPowerMode, getModule, l4tInfo } from '@jetfleet/jetson';
import type { HardwareFacts, TelemetrySample } from '@jetfleet/protocol';
import type { HardwareAdapter } from '../hardware-adapter.js';
import type { SimulatedDeviceProfile } from './simulated-device.profile.js';

/** A simulated Jetson board. */
export class SimulatedAdapter implements HardwareAdapter {
  readonly kind = 'simulated' as const;
  private powerMode: string | null;

  constructor(private readonly profile: SimulatedDeviceProfile) {
    this.powerMode = defaultPowerMode(profile.module)?.name ?? null;
  }

  facts(): Promise<HardwareFacts> {
    const spec = getModule(this.profile.module);
    const stack = l4tInfo(this.profile.l4t);
    return Promise.resolve({
      module: spec.id,
      moduleName: spec.name,
      soc: spec.soc,
      l4t: this.profile.l4t,
      jetpack: stack?.jetpack ?? null,
      tensorrt: stack?.tensorrt ?? null,
      cuda: stack?.cuda ?? null,
      smArch: spec.smArch,
      dlaCores: spec.dlaCores,
      cpuCores: spec.cpuCores,
      ramTotalMB: spec.ramMB,
      diskTotalMB: this.profile.diskTotalMB,
      diskFreeMB: this.profile.diskFreeMB,
      powerMode: this.powerMode,
      simulated: true,
    });
  }

  sample(): Promise<TelemetrySample> {
    const spec = getModule(this.profile.module);
    return Promise.resolve({
      ts: new Date().toISOString(),
      powerMw: Math.round(spec.maxPowerW * 250),
      temps: { cpu: 42, gpu: 41 },
      gpuLoadPct: 0,
      cpuLoadPct: 5,
      powerMode: this.powerMode,
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
