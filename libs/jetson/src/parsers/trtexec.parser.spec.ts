import { describe, expect, it } from 'vitest';
import { parseTrtexecLog } from './trtexec.parser.js';
import { trtexecPhase } from './trtexec-progress.util.js';
import { decodeTrtVersionTag } from './trtexec-version.util.js';

const log = (...lines: string[]): string => lines.join('\n');
const ts = '[03/05/2024-09:14:22]';

const TRT82_NANO_PASSED = log(
  '&&&& RUNNING TensorRT.trtexec [TensorRT v8201] # /usr/src/tensorrt/bin/trtexec --onnx=lane.onnx --saveEngine=lane.engine',
  `${ts} [I] === Model Options ===`,
  `${ts} [I] Format: ONNX`,
  `${ts} [I] === Device Information ===`,
  `${ts} [I] Selected Device: NVIDIA Tegra X1`,
  `${ts} [I] Compute Capability: 5.3`,
  `${ts} [I] SMs: 1`,
  `${ts} [I] Compute Clock Rate: 0.9216 GHz`,
  `${ts} [I] Device Global Memory: 3964 MiB`,
  `${ts} [I] TensorRT version: 8.2.1`,
  `${ts} [I] Start parsing network model`,
  `${ts} [I] Input filename:   lane.onnx`,
  `${ts} [I] ONNX IR version:  0.0.6`,
  `${ts} [I] Opset version:    11`,
  `${ts} [I] Finish parsing network model`,
  `${ts} [W] [TRT] onnx2trt_utils.cpp:366: Your ONNX model has been generated with INT64 weights, while TensorRT does not natively support INT64. Attempting to cast down to INT32.`,
  `${ts} [I] Engine built in 184.7 sec.`,
  `${ts} [I] Loaded engine size: 51 MiB`,
  `${ts} [I] Starting inference`,
  `${ts} [I] Warmup completed 3 queries over 200 ms`,
  `${ts} [I] Timing trace has 40 queries over 3.0123 s`,
  `${ts} [I] === Trace details ===`,
  `${ts} [I] Average on 10 runs - GPU latency: 27.4 ms - Host latency: 27.6 ms (end to end 27.61 ms, enqueue 2.1 ms)`,
  `${ts} [I] === Performance summary ===`,
  `${ts} [I] Throughput: 36.2187 qps`,
  `${ts} [I] Latency: min = 27.3015 ms, max = 28.1744 ms, mean = 27.6071 ms, median = 27.5893 ms, percentile(99%) = 28.0912 ms`,
  `${ts} [I] End-to-End Host Latency: min = 27.3142 ms, max = 28.1867 ms, mean = 27.6197 ms, median = 27.6018 ms, percentile(99%) = 28.1035 ms`,
  `${ts} [I] Enqueue Time: min = 2.01 ms, max = 2.3 ms, mean = 2.1 ms, median = 2.09 ms, percentile(99%) = 2.29 ms`,
  `${ts} [I] H2D Latency: min = 0.11 ms, max = 0.13 ms, mean = 0.12 ms, median = 0.12 ms, percentile(99%) = 0.13 ms`,
  `${ts} [I] GPU Compute Time: min = 27.05 ms, max = 27.93 ms, mean = 27.3611 ms, median = 27.3402 ms, percentile(99%) = 27.8412 ms`,
  `${ts} [I] D2H Latency: min = 0.11 ms, max = 0.13 ms, mean = 0.12 ms, median = 0.12 ms, percentile(99%) = 0.13 ms`,
  `${ts} [I] Total Host Walltime: 3.0123 s`,
  `${ts} [I] Total GPU Compute Time: 1.09444 s`,
  `${ts} [I] Explanations of the performance metrics are printed in the verbose logs.`,
  '&&&& PASSED TensorRT.trtexec [TensorRT v8201] # /usr/src/tensorrt/bin/trtexec --onnx=lane.onnx --saveEngine=lane.engine',
);

const t10 = '[08/19/2025-16:40:03]';
const TRT103_ORIN_PASSED = log(
  '&&&& RUNNING TensorRT.trtexec [TensorRT v100300] [b17] # trtexec --onnx=det.onnx --fp16 --saveEngine=det_fp16.engine',
  `${t10} [I] === Device Information ===`,
  `${t10} [I] Selected Device: Orin`,
  `${t10} [I] Compute Capability: 8.7`,
  `${t10} [I] TensorRT version: 10.3.0`,
  `${t10} [I] Start parsing network model.`,
  `${t10} [I] [TRT] No importer registered for op: EfficientNMS_TRT. Attempting to import as plugin.`,
  `${t10} [I] [TRT] Searching for plugin: EfficientNMS_TRT, plugin_version: 1, plugin_namespace:`,
  `${t10} [I] Finish parsing network model`,
  `${t10} [W] [TRT] Tactic Device request: 2048MB Available: 1536MB. Device memory is insufficient to use tactic.`,
  `${t10} [I] Engine built in 412.38 sec.`,
  `${t10} [I] Starting inference`,
  `${t10} [I] === Performance summary ===`,
  `${t10} [I] Throughput: 152.314 qps`,
  `${t10} [I] Latency: min = 6.41382 ms, max = 6.98901 ms, mean = 6.52274 ms, median = 6.51562 ms, percentile(90%) = 6.57812 ms, percentile(95%) = 6.61328 ms, percentile(99%) = 6.80469 ms`,
  `${t10} [I] Enqueue Time: min = 1.1 ms, max = 1.4 ms, mean = 1.2 ms, median = 1.2 ms, percentile(90%) = 1.3 ms, percentile(95%) = 1.35 ms, percentile(99%) = 1.39 ms`,
  `${t10} [I] GPU Compute Time: min = 6.21 ms, max = 6.7 ms, mean = 6.3001 ms, median = 6.29688 ms, percentile(90%) = 6.35 ms, percentile(95%) = 6.38 ms, percentile(99%) = 6.55469 ms`,
  `${t10} [W] * GPU compute time is unstable, with coefficient of variance = 3.12%.`,
  `${t10} [I] Explanations of the performance metrics are printed in the verbose logs.`,
  '&&&& PASSED TensorRT.trtexec [TensorRT v100300] # trtexec --onnx=det.onnx --fp16 --saveEngine=det_fp16.engine',
  `${t10} [I] [TRT] Destroying engine`,
);

describe('parseTrtexecLog — successful runs', () => {
  it('reads a TensorRT 8.2 build + benchmark (p99 only)', () => {
    expect(parseTrtexecLog(TRT82_NANO_PASSED)).toEqual({
      passed: true,
      completed: true,
      trtVersion: '8.2.1',
      throughputQps: 36.2187,
      latencyMs: { min: 27.3015, max: 28.1744, mean: 27.6071, median: 27.5893, p99: 28.0912 },
      gpuComputeMs: { mean: 27.3611, median: 27.3402, p99: 27.8412 },
      engineBuildSec: 184.7,
      errorSummary: null,
      errorKind: null,
      notices: ['int64_weights_cast'],
      warnings: [
        'onnx2trt_utils.cpp:366: Your ONNX model has been generated with INT64 weights, while TensorRT does not natively support INT64. Attempting to cast down to INT32.',
      ],
    });
  });

  it('reads a TensorRT 10.3 run with p90/p95/p99; harmless plugin import and tactic warning are not failures', () => {
    const result = parseTrtexecLog(TRT103_ORIN_PASSED);
    expect(result).toMatchObject({
      passed: true,
      completed: true,
      trtVersion: '10.3.0',
      throughputQps: 152.314,
      latencyMs: {
        min: 6.41382,
        max: 6.98901,
        mean: 6.52274,
        median: 6.51562,
        p90: 6.57812,
        p95: 6.61328,
        p99: 6.80469,
      },
      gpuComputeMs: { mean: 6.3001, median: 6.29688, p99: 6.55469 },
      engineBuildSec: 412.38,
      errorKind: null,
      errorSummary: null,
    });
    expect(result.notices).toEqual(['tactic_memory_insufficient', 'gpu_compute_unstable']);
  });

  it('falls back to the version tag, decoding TRT 8.0 "8001" on the version line', () => {
    const text = log(
      '&&&& RUNNING TensorRT.trtexec [TensorRT v8001] # trtexec --loadEngine=a.engine',
      `${ts} [I] TensorRT version: 8001`,
      `${ts} [I] Engine loaded in 1.2 sec.`,
      '&&&& PASSED TensorRT.trtexec [TensorRT v8001] # trtexec --loadEngine=a.engine',
    );
    expect(parseTrtexecLog(text).trtVersion).toBe('8.0.1');
    expect(parseTrtexecLog('&&&& PASSED TensorRT.trtexec [TensorRT v8502] # trtexec').trtVersion).toBe('8.5.2');
  });

  it('tolerates CRLF line endings', () => {
    const result = parseTrtexecLog(TRT103_ORIN_PASSED.replace(/\n/g, '\r\n'));
    expect(result.passed).toBe(true);
    expect(result.latencyMs?.p99).toBe(6.80469);
  });

  it('surfaces the warnings worth knowing without failing', () => {
    const text = log(
      `${ts} [W] --workspace flag has been deprecated by --memPoolSize flag.`,
      `${ts} [W] [TRT] Unknown embedded device detected. Using 59655MiB as the allocation cap for memory on embedded devices.`,
      `${ts} [W] [TRT] Int8 support requested on hardware without native Int8 support, performance will be negatively affected.`,
      `${ts} [W] [TRT] Calibrator is not being used. Users must provide dynamic range for all tensors that are not Int32 or Bool.`,
      `${ts} [W] [TRT] Calibrator won't be used in explicit precision mode. Use quantization aware training to generate network with Quantize/Dequantize nodes.`,
      `${ts} [W] * Throughput may be bound by Enqueue Time rather than GPU Compute and the GPU may be under-utilized.`,
      '&&&& PASSED TensorRT.trtexec [TensorRT v8601] # trtexec',
    );
    const result = parseTrtexecLog(text);
    expect(result.passed).toBe(true);
    expect(result.notices).toEqual([
      'workspace_deprecated',
      'embedded_memory_cap',
      'int8_without_native_support',
      'int8_without_calibration',
      'int8_explicit_precision',
      'enqueue_bound',
    ]);
    expect(result.warnings).toHaveLength(6);
    expect(result.latencyMs).toBeNull();
    expect(result.gpuComputeMs).toBeNull();
    expect(result.throughputQps).toBeNull();
  });
});

const FAILED = '&&&& FAILED TensorRT.trtexec [TensorRT v100300] # trtexec --onnx=m.onnx';

describe('parseTrtexecLog — failures', () => {
  it.each([
    [
      'unknown_option (TRT 10 removed flags, value echoed or empty)',
      log(
        '&&&& RUNNING TensorRT.trtexec [TensorRT v100300] # trtexec --onnx=m.onnx --workspace=4096 --explicitBatch',
        '[02/11/2026-07:20:41] [E] Unknown option: --workspace 4096',
        '[02/11/2026-07:20:41] [E] Unknown option: --explicitBatch ',
        FAILED,
      ),
      'unknown_option',
      'unknown option: --workspace, --explicitBatch',
    ],
    [
      'unsupported_op (plugin not found)',
      log(
        '[06/02/2022-14:03:11] [I] [TRT] No importer registered for op: MMCVModulatedDeformConv2d. Attempting to import as plugin.',
        '[06/02/2022-14:03:11] [I] [TRT] Searching for plugin: MMCVModulatedDeformConv2d, plugin_version: 1, plugin_namespace:',
        '[06/02/2022-14:03:11] [E] [TRT] INVALID_ARGUMENT: getPluginCreator could not find plugin MMCVModulatedDeformConv2d version 1',
        '[06/02/2022-14:03:11] [E] Failed to parse onnx file',
        '[06/02/2022-14:03:11] [E] Parsing model failed',
        '[06/02/2022-14:03:11] [E] Failed to create engine from model or file.',
        '[06/02/2022-14:03:11] [E] Engine set up failed',
        '&&&& FAILED TensorRT.trtexec [TensorRT v8401] # trtexec --onnx=dcn.onnx',
      ),
      'unsupported_op',
      'unsupported ONNX op: MMCVModulatedDeformConv2d',
    ],
    [
      'oom (Cuda Runtime out of memory)',
      log(
        '[11/30/2025-03:12:57] [E] Error[1]: [resizingAllocator.cpp::allocate::62] Error Code 1: Cuda Runtime (out of memory)',
        '[11/30/2025-03:12:57] [E] Error[2]: [builder.cpp::buildSerializedNetwork::751] Error Code 2: Internal Error (Assertion engine != nullptr failed. )',
        '[11/30/2025-03:12:57] [E] Engine could not be created from network',
        '[11/30/2025-03:12:57] [E] Building engine failed',
        FAILED,
      ),
      'oom',
      'out of memory: Error[1]: [resizingAllocator.cpp::allocate::62] Error Code 1: Cuda Runtime (out of memory)',
    ],
    [
      'oom (NvMap allocation error 12)',
      log(
        'NvMapMemAllocInternalTagged: 1075072515 error 12',
        'NvMapMemHandleAlloc: error 0',
        `${ts} [E] Engine set up failed`,
        FAILED,
      ),
      'oom',
      'out of memory: NvMapMemAllocInternalTagged: 1075072515 error 12',
    ],
    ['oom (LLVM)', log('LLVM ERROR: out of memory', FAILED), 'oom', 'out of memory: LLVM ERROR: out of memory'],
    [
      'engine_incompatible (other TensorRT version)',
      log(
        '[04/03/2025-10:02:17] [E] Error[6]: The engine plan file is not compatible with this version of TensorRT, expecting library version 8.6.2.3 got 8.5.2.2, please rebuild.',
        '[04/03/2025-10:02:17] [E] Engine deserialization failed',
        FAILED,
      ),
      'engine_incompatible',
      'Error[6]: The engine plan file is not compatible with this version of TensorRT, expecting library version 8.6.2.3 got 8.5.2.2, please rebuild.',
    ],
    [
      'engine_incompatible (other GPU)',
      log(
        `${ts} [E] Error[6]: The engine plan file is generated on an incompatible device, expecting compute 8.7 got compute 7.2, please rebuild.`,
        FAILED,
      ),
      'engine_incompatible',
      'Error[6]: The engine plan file is generated on an incompatible device, expecting compute 8.7 got compute 7.2, please rebuild.',
    ],
    [
      'engine_incompatible (8.x version tag)',
      log(
        `${ts} [E] [TRT] 1: [stdArchiveReader.cpp::StdArchiveReader::40] Error Code 1: Serialization (Serialization assertion stdVersionRead == serializationVersion failed.Version tag does not match. Note: Current Version: 213, Serialized Engine Version: 205)`,
        FAILED,
      ),
      'engine_incompatible',
      '1: [stdArchiveReader.cpp::StdArchiveReader::40] Error Code 1: Serialization (Serialization assertion stdVersionRead == serializationVersion failed.Version tag does not match. Note: Current Version: 213, Serialized Engine Version: 205)',
    ],
    [
      'int8_calibration (no scaling factors)',
      log(
        `${ts} [E] [TRT] 2: [calibrator.cpp::calibrateEngine::1181] Calibration failure occurred with no scaling factors detected. This could be due to no int8 calibrator or insufficient custom scales for network layers.`,
        `${ts} [E] Engine could not be created from network`,
        FAILED,
      ),
      'int8_calibration',
      '2: [calibrator.cpp::calibrateEngine::1181] Calibration failure occurred with no scaling factors detected. This could be due to no int8 calibrator or insufficient custom scales for network layers.',
    ],
    [
      'build_internal (assertion)',
      log(
        '[07/02/2025-11:45:09] [E] Error[2]: [optimizer.cpp::computeCosts::4012] Error Code 2: Internal Error (Assertion valid failed. )',
        '[07/02/2025-11:45:09] [E] Engine could not be created from network',
        '[07/02/2025-11:45:09] [E] Building engine failed',
        '[07/02/2025-11:45:09] [E] Failed to create engine from model or file.',
        '[07/02/2025-11:45:09] [E] Engine set up failed',
        FAILED,
      ),
      'build_internal',
      'Error[2]: [optimizer.cpp::computeCosts::4012] Error Code 2: Internal Error (Assertion valid failed. )',
    ],
    [
      'build_internal (no supported formats)',
      log(
        `${ts} [E] Error[9]: [pluginV2Builder.cpp::reportPluginError::24] Error Code 9: Internal Error (/head/NMS: could not find any supported formats consistent with input/output data types)`,
        FAILED,
      ),
      'build_internal',
      'Error[9]: [pluginV2Builder.cpp::reportPluginError::24] Error Code 9: Internal Error (/head/NMS: could not find any supported formats consistent with input/output data types)',
    ],
    [
      'other (missing file)',
      log(`${ts} [E] Could not open file missing.onnx`, `${ts} [E] Failed to parse onnx file`, FAILED),
      'other',
      'Could not open file missing.onnx',
    ],
    ['other (FAILED without an error line)', FAILED, 'other', 'trtexec failed without an error line'],
  ])('%s', (_label, text, kind, summary) => {
    const result = parseTrtexecLog(text);
    expect(result.passed).toBe(false);
    expect(result.completed).toBe(true);
    expect(result.errorKind).toBe(kind);
    expect(result.errorSummary).toBe(summary);
  });

  it('is killed when the log ends with "Killed" and no final line', () => {
    const text = log(
      '&&&& RUNNING TensorRT.trtexec [TensorRT v8201] # trtexec --onnx=big.onnx',
      `${ts} [I] Finish parsing network model`,
      `${ts} [E] Error[1]: [resizingAllocator.cpp::allocate::62] Error Code 1: Cuda Runtime (out of memory)`,
      'Killed',
    );
    const result = parseTrtexecLog(text);
    expect(result).toMatchObject({ passed: false, completed: false, errorKind: 'killed', trtVersion: '8.2.1' });
    expect(result.errorSummary).toContain('killed');
  });

  it('is killed on exit 137 without a final line', () => {
    const text = log(
      '&&&& RUNNING TensorRT.trtexec [TensorRT v8201] # trtexec',
      `${ts} [I] Start parsing network model`,
    );
    expect(parseTrtexecLog(text, { exitCode: 137 }).errorKind).toBe('killed');
  });

  it('prefers unknown_option over a plugin failure in the same log (classification order)', () => {
    const text = log(
      `${ts} [E] Unknown option: --buildOnly `,
      `${ts} [E] [TRT] INVALID_ARGUMENT: getPluginCreator could not find plugin Foo version 1`,
      FAILED,
    );
    expect(parseTrtexecLog(text).errorKind).toBe('unknown_option');
  });

  it('does not read a lone tactic-memory warning as OOM', () => {
    const text = log(
      `${ts} [W] [TRT] Tactic Device request: 4096MB Available: 1024MB. Device memory is insufficient to use tactic.`,
      FAILED,
    );
    const result = parseTrtexecLog(text);
    expect(result.errorKind).toBe('other');
    expect(result.notices).toEqual(['tactic_memory_insufficient']);
  });

  it('classifies a non-zero exit without a final line as other', () => {
    expect(parseTrtexecLog(`${ts} [I] Starting inference`, { exitCode: 1 }).errorKind).toBe('other');
  });

  it('reports an incomplete log without inventing an error', () => {
    const result = parseTrtexecLog(
      log('&&&& RUNNING TensorRT.trtexec [TensorRT v100300] # trtexec', `${t10} [I] Start parsing network model.`),
    );
    expect(result).toMatchObject({
      passed: false,
      completed: false,
      errorKind: null,
      errorSummary: null,
      trtVersion: '10.3.0',
    });
    expect(result.warnings).toEqual(['no final &&&& PASSED/FAILED line (log incomplete?)']);
  });

  it.each([
    ['empty', ''],
    ['garbage', '\u0000\u0001 &&&& ??? [E'],
    ['not a string', 12],
  ])('never throws: %s', (_label, input) => {
    const result = parseTrtexecLog(input as string);
    expect(result.passed).toBe(false);
    expect(result.warnings.length).toBeGreaterThan(0);
  });
});

describe('decodeTrtVersionTag', () => {
  it.each([
    ['8001', '8.0.1'],
    ['8201', '8.2.1'],
    ['v8502', '8.5.2'],
    ['8602', '8.6.2'],
    ['100300', '10.3.0'],
    ['101602', '10.16.2'],
    [100700, '10.7.0'],
  ])('%s → %s', (tag, version) => {
    expect(decodeTrtVersionTag(tag)).toBe(version);
  });

  it.each(['', 'abc', '12', '1234567'])('rejects %j', (tag) => {
    expect(decodeTrtVersionTag(tag)).toBeNull();
  });
});

describe('trtexecPhase', () => {
  const lines = TRT82_NANO_PASSED.split('\n');
  const upTo = (marker: string): string =>
    lines.slice(0, lines.findIndex((line) => line.includes(marker)) + 1).join('\n');

  it.each([
    ['', 'starting'],
    [lines[0] ?? '', 'starting'],
    [upTo('Start parsing network model'), 'parsing'],
    [upTo('Finish parsing network model'), 'building'],
    [upTo('Engine built in'), 'built'],
    [upTo('Starting inference'), 'inference'],
    [upTo('=== Performance summary ==='), 'summary'],
    [TRT82_NANO_PASSED, 'passed'],
    [FAILED, 'failed'],
    [`${ts} [I] Engine deserialized in 0.41 sec.`, 'loaded'],
  ])('phase of log #%# is %s', (text, phase) => {
    expect(trtexecPhase(text)).toBe(phase);
  });
});
