export { DeviceAgent, type AgentOptions } from './device-agent.js';
export { FleetSimulator, type FleetOptions } from './fleet/fleet-simulator.js';
export type { HardwareAdapter } from './hardware/hardware-adapter.js';
export { JetsonAdapter } from './hardware/jetson/jetson.adapter.js';
export { SimulatedAdapter } from './hardware/simulated/simulated.adapter.js';
export type { SimFault } from './hardware/simulated/sim-fault.types.js';
export { ProcessCommandRunner } from './hardware/command/process-command-runner.js';
export {
  profileForIndex,
  FLEET_MIX,
  type SimulatedDeviceProfile,
} from './hardware/simulated/simulated-device.profile.js';
