export { SimRandom } from './sim-random.util.js';
export {
  SIM_GENERATIONS,
  SIM_GENERATION_INFO,
  SIM_MODULE_GENERATIONS,
  type SimGeneration,
  type SimGenerationInfo,
} from './sim-generation.constant.js';
export type { SimHardware, SimPerfAnchor, SimPowerParams, SimThermalParams } from './sim-hardware.types.js';
export { SIM_HARDWARE } from './sim-hardware.constant.js';
export { simModeClocks, type SimModeClocks } from './sim-mode-clocks.util.js';
export type { SimCalibration, SimModelHints, SimPrecision } from './sim-model-hints.types.js';
export { estimateInference, type SimInferenceEstimate, type SimInferenceInput } from './sim-perf-model.js';
export { estimateAp50, type SimAccuracyInput } from './sim-accuracy-model.js';
export { estimateBuildSeconds, type SimBuildTimeInput } from './sim-build-time-model.js';
export { estimateRailsMw, type SimPowerInput } from './sim-power-model.js';
export { SimThermalModel } from './sim-thermal-model.js';
export type { SimLoadFreq, SimRailReading, SimTegrastatsState } from './sim-tegrastats-state.types.js';
export { formatTegrastatsLine, tegrastatsZoneNames, type TegrastatsFormatOptions } from './format-tegrastats-line.js';
export { formatNvpmodelQuery, type NvpmodelQueryFormatInput } from './format-nvpmodel-query.js';
export {
  formatNvpmodelSet,
  type NvpmodelSetFormatInput,
  type SimCommandOutput,
  type SimNvpmodelSetOutcome,
} from './format-nvpmodel-set.js';
export { formatJetsonClocksShow, type JetsonClocksShowState } from './format-jetson-clocks-show.js';
export type { SimTrtexecOutcome, SimTrtexecTiming, TrtexecLogInput } from './sim-trtexec-log.types.js';
export { formatTrtexecLog, type SimTrtexecLog } from './format-trtexec-log.js';
export { unknownTrtexecOptions } from './sim-trtexec-args.util.js';
export { SIM_IDLE_WORKLOAD, type SimWorkload } from './sim-workload.types.js';
export { SimJetsonDevice, type SimJetsonDeviceOptions, type SimNvpmodelSetResult } from './sim-jetson-device.js';
export { simEffectiveClocks, type SimClockState, type SimEffectiveClocks } from './sim-effective-clocks.util.js';
export { decideNvpmodelOutcome, type SimNvpmodelRequest } from './decide-nvpmodel-outcome.util.js';
export {
  simulateTrtexecRun,
  type SimTrtexecModel,
  type SimTrtexecRunOptions,
  type SimTrtexecRunResult,
} from './simulate-trtexec-run.js';
