import { MODULE_CATALOG } from '../catalog/index.js';
import { parseTrtVersion, trtAtLeast, type TrtVersion } from '../trtexec-args/trt-version.util.js';
import { argValue, hasArg, readTrtexecArgs, type SimTrtexecArg } from './sim-trtexec-args.util.js';
import type { TrtexecLogInput } from './sim-trtexec-log.types.js';
import { formatG6 } from './sim-trtexec-stats.util.js';
import { writeTrtexecHeader } from './trtexec-log-header.util.js';
import { writeTrtexecInference } from './trtexec-log-summary.util.js';
import { TrtexecLogWriter } from './trtexec-log-writer.util.js';

export interface SimTrtexecLog {
  readonly text: string;
  /** 0 PASSED, 1 FAILED, 137 killed by the kernel OOM killer. */
  readonly exitCode: number;
  /** Simulated wall time of the whole run, s. */
  readonly durationS: number;
}

/** Tag in `[TensorRT v8502]` / `[TensorRT v100300]` (reference §5.1). */
export function trtVersionTag(version: TrtVersion): string {
  const n =
    version.major >= 10
      ? version.major * 10000 + version.minor * 100 + version.patch
      : version.major * 1000 + version.minor * 100 + version.patch;
  return `v${n}`;
}

/** A complete trtexec log for TensorRT 8.x/10.x: success or one of the reference §5.4 failures. */
export function formatTrtexecLog(input: TrtexecLogInput): SimTrtexecLog {
  const version = parseTrtVersion(input.trtVersion);
  if (version === null) throw new Error(`unreadable TensorRT version "${input.trtVersion}"`);
  const args = readTrtexecArgs(input.args);
  const log = new TrtexecLogWriter(input.startTime);
  const banner = `TensorRT.trtexec [TensorRT ${trtVersionTag(version)}] # /usr/src/tensorrt/bin/trtexec ${input.args.join(' ')}`;
  const finish = (passed: boolean): SimTrtexecLog => {
    log.raw(`&&&& ${passed ? 'PASSED' : 'FAILED'} ${banner}`);
    return { text: log.text(), exitCode: passed ? 0 : 1, durationS: elapsed(log, input.startTime) };
  };
  log.raw(`&&&& RUNNING ${banner}`);

  const outcome = input.outcome;
  if (outcome.kind === 'unknown_option') {
    for (const option of outcome.options) log.error(`Unknown option: ${option.flag} ${option.value}`);
    return finish(false);
  }
  writeTrtexecHeader(log, input.moduleId, version, args, input.gpuClockMHz);
  log.info('[TRT] [MemUsageChange] Init CUDA: CPU +220, GPU +0, now: CPU 249, GPU 3848 (MiB)');
  if (version.major === 8 && version.minor === 5 && input.moduleId.startsWith('agx-orin')) {
    const capMiB = Math.round(MODULE_CATALOG[input.moduleId].ramMB * 0.95);
    log.warn(
      `[TRT] Unknown embedded device detected. Using ${capMiB}MiB as the allocation cap for memory on embedded devices.`,
    );
  }
  if (hasArg(args, '--workspace') && trtAtLeast(version, 8, 6)) {
    log.warn('--workspace flag has been deprecated by --memPoolSize flag.');
  }

  const onnx = argValue(args, '--onnx');
  if (onnx !== undefined) {
    writeParse(log, version, onnx, outcome.kind === 'unsupported_op' ? outcome.op : null);
    if (outcome.kind === 'unsupported_op') {
      log.error('Failed to parse onnx file');
      log.info(version.major >= 10 ? 'Finish parsing network model.' : 'Finish parsing network model');
      log.error('Parsing model failed');
      return failEngine(log, finish);
    }
    log.info(version.major >= 10 ? 'Finish parsing network model.' : 'Finish parsing network model');
    writeBuildWarnings(log, input.moduleId, args);
    log.info('[TRT] Local timing cache in use. Profiling results in this builder pass will not be stored.');
    // Builds are silent for minutes between parsing and the result.
    log.advance((input.buildSeconds ?? 0) * (outcome.kind === 'passed' ? 1 : 0.6));
    if (outcome.kind === 'killed') {
      log.raw('Killed');
      return { text: log.text(), exitCode: 137, durationS: elapsed(log, input.startTime) };
    }
    if (outcome.kind === 'oom') {
      log.error('Error[1]: [resizingAllocator.cpp::allocate::62] Error Code 1: Cuda Runtime (out of memory)');
      log.warn(
        '[TRT] Requested amount of GPU memory (1073741824 bytes) could not be allocated. There may not be enough free memory for allocation to succeed.',
      );
      log.error(
        'Error[2]: [builder.cpp::buildSerializedNetwork::751] Error Code 2: Internal Error (Assertion engine != nullptr failed. )',
      );
      return failBuild(log, finish);
    }
    if (outcome.kind === 'build_internal') {
      log.error(
        'Error[2]: [optimizer.cpp::computeCosts::4012] Error Code 2: Internal Error (Assertion valid failed. )',
      );
      return failBuild(log, finish);
    }
    log.info(`[TRT] Total Activation Memory: ${32 * 1024 * 1024}`);
    log.info(`Engine built in ${formatG6(input.buildSeconds ?? 0)} sec.`);
  }

  log.info(`[TRT] Loaded engine size: ${input.engineSizeMiB ?? 8} MiB`);
  if (outcome.kind === 'engine_incompatible') {
    log.error(
      `Error[6]: The engine plan file is not compatible with this version of TensorRT, expecting library version ${outcome.expectedVersion} got ${outcome.gotVersion}, please rebuild.`,
    );
    log.error('Engine deserialization failed');
    return failEngine(log, finish);
  }
  log.info(`Engine deserialized in ${formatG6(0.0123 + (input.engineSizeMiB ?? 8) / 2000)} sec.`);
  if (outcome.kind !== 'passed') return finish(false);

  const skip = hasArg(args, '--skipInference') || hasArg(args, '--buildOnly');
  if (!skip && input.timing !== undefined) {
    const name = input.input?.name ?? 'images';
    const dims = (input.input?.dims ?? [1, 3, 640, 640]).join('x');
    log.info(`Using random values for input ${name}`);
    log.info(`Input binding for ${name} with dimensions ${dims} is created.`);
    log.info('Output binding for output0 with dimensions 1x84x8400 is created.');
    writeTrtexecInference(log, version, input.timing, hasArg(args, '--noDataTransfers'));
  }
  return finish(true);
}

function writeParse(log: TrtexecLogWriter, version: TrtVersion, onnx: string, missingOp: string | null): void {
  log.info(version.major >= 10 && version.minor >= 8 ? 'Start parsing network model.' : 'Start parsing network model');
  log.info('[TRT] ----------------------------------------------------------------');
  log.info(`[TRT] Input filename:   ${onnx}`);
  log.info('[TRT] ONNX IR version:  0.0.8');
  log.info('[TRT] Opset version:    17');
  log.info('[TRT] Producer name:    pytorch');
  log.info('[TRT] Producer version: 2.1.0');
  log.info('[TRT] Domain:           ');
  log.info('[TRT] Model version:    0');
  log.info('[TRT] Doc string:       ');
  log.info('[TRT] ----------------------------------------------------------------');
  log.warn(
    '[TRT] onnx2trt_utils.cpp:377: Your ONNX model has been generated with INT64 weights, while TensorRT does not natively support INT64. Attempting to cast down to INT32.',
  );
  if (missingOp === null) return;
  log.info(`[TRT] No importer registered for op: ${missingOp}. Attempting to import as plugin.`);
  log.info(`[TRT] Searching for plugin: ${missingOp}, plugin_version: 1, plugin_namespace: `);
  log.error(`[TRT] INVALID_ARGUMENT: getPluginCreator could not find plugin ${missingOp} version 1`);
  log.error(
    `[TRT] ModelImporter.cpp:771: While parsing node number 212 [${missingOp} -> "/model.22/${missingOp}_output_0"]:`,
  );
  log.error(
    '[TRT] ModelImporter.cpp:777: ERROR: builtin_op_importers.cpp:5404 In function importFallbackPluginImporter:',
  );
  log.raw('[8] Assertion failed: creator && "Plugin not found, are the plugin name, version, and namespace correct?"');
}

function writeBuildWarnings(
  log: TrtexecLogWriter,
  moduleId: TrtexecLogInput['moduleId'],
  args: readonly SimTrtexecArg[],
): void {
  const int8 = hasArg(args, '--int8') || hasArg(args, '--best');
  if (!int8) return;
  if (!MODULE_CATALOG[moduleId].int8TensorCores) {
    log.warn(
      '[TRT] Int8 support requested on hardware without native Int8 support, performance will be negatively affected.',
    );
  }
  if (argValue(args, '--calib') === undefined) {
    log.warn(
      '[TRT] Calibrator is not being used. Users must provide dynamic range for all tensors that are not Int32 or Bool.',
    );
  }
}

function failBuild(log: TrtexecLogWriter, finish: (passed: boolean) => SimTrtexecLog): SimTrtexecLog {
  log.error('Engine could not be created from network');
  log.error('Building engine failed');
  return failEngine(log, finish);
}

function failEngine(log: TrtexecLogWriter, finish: (passed: boolean) => SimTrtexecLog): SimTrtexecLog {
  log.error('Failed to create engine from model or file.');
  log.error('Engine set up failed');
  return finish(false);
}

function elapsed(log: TrtexecLogWriter, start: Date): number {
  return (log.nowTime().getTime() - start.getTime()) / 1000;
}
