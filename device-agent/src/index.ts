export { DeviceAgent, type AgentOptions } from './device-agent.js';
export { FleetSimulator, type FleetOptions } from './fleet/fleet-simulator.js';
export type { HardwareAdapter } from './hardware/hardware-adapter.js';
export { SimulatedAdapter } from './hardware/simulated/simulated.adapter.js';
export {
  profileForIndex,
  FLEET_MIX,
  type SimulatedDeviceProfile,
} from './hardware/simulated/simulated-device.profile.js';
