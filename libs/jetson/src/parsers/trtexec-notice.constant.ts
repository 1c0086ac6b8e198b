import type { TrtexecNotice } from './trtexec-result.types.js';

export const TRTEXEC_NOTICE_PATTERNS: readonly { notice: TrtexecNotice; pattern: RegExp }[] = [
  { notice: 'workspace_deprecated', pattern: /--workspace flag has been deprecated/i },
  { notice: 'embedded_memory_cap', pattern: /Unknown embedded device detected/i },
  { notice: 'int8_without_native_support', pattern: /Int8 support requested on hardware without native Int8 support/i },
  { notice: 'int8_without_calibration', pattern: /Calibrator is not being used/i },
  { notice: 'int8_explicit_precision', pattern: /Calibrator won't be used in explicit precision mode/i },
  { notice: 'int64_weights_cast', pattern: /INT64 weights|cast down to INT32/i },
  { notice: 'gpu_compute_unstable', pattern: /GPU compute time is unstable/i },
  { notice: 'enqueue_bound', pattern: /Throughput may be bound by Enqueue Time/i },
  { notice: 'tactic_memory_insufficient', pattern: /Device memory is insufficient to use tactic/i },
];
