import type { HardwareFacts, OnlineStatus } from '@jetfleet/protocol';

/** A valid birth message for tests; hardware defaults to a JetPack 6.2 Orin NX 16GB. */
export function makeBirth(sessionId: string, hardware: Partial<HardwareFacts> = {}, heartbeatSec = 30): OnlineStatus {
  return {
    state: 'online',
    protocolVersion: 1,
    agentVersion: '0.1.0',
    sessionId,
    heartbeatSec,
    ts: new Date().toISOString(),
    hardware: {
      module: 'orin-nx-16gb',
      l4t: '36.4.4',
      jetpack: '6.2.1',
      tensorrt: '10.3.0',
      cuda: '12.6',
      smArch: '8.7',
      dlaCores: 2,
      cpuCores: 8,
      ramTotalMB: 15_657,
      diskTotalMB: 59_000,
      diskFreeMB: 30_000,
      powerMode: '15W',
      simulated: true,
      ...hardware,
    },
  };
}
