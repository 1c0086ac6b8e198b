export type { TegrastatsCpuCore, TegrastatsRail, TegrastatsSample } from './tegrastats-sample.types.js';
export { parseTegrastatsLine, type TegrastatsParseOptions } from './tegrastats.parser.js';
export { computeBoardPower, type BoardPower } from './tegrastats-power.util.js';
export { parseNvpmodelQuery, type NvpmodelQuery } from './nvpmodel-query.parser.js';
export { parseNvpmodelSet, type NvpmodelSetKind, type NvpmodelSetResult } from './nvpmodel-set.parser.js';
export type {
  TrtexecErrorKind,
  TrtexecGpuComputeStats,
  TrtexecLatencyStats,
  TrtexecNotice,
  TrtexecResult,
} from './trtexec-result.types.js';
export { parseTrtexecLog, type TrtexecParseOptions } from './trtexec.parser.js';
export { classifyTrtexecFailure, type TrtexecFailure } from './trtexec-error.util.js';
export { decodeTrtVersionTag } from './trtexec-version.util.js';
export { trtexecPhase, type TrtexecPhase } from './trtexec-progress.util.js';
export type { JetsonClocksClock, JetsonClocksCpu, JetsonClocksFan, JetsonClocksShow } from './jetson-clocks.types.js';
export { parseJetsonClocksShow } from './jetson-clocks.parser.js';
