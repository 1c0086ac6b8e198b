import { MODULE_CATALOG, type ModuleId } from '../catalog/index.js';
import { trtAtLeast, type TrtVersion } from '../trtexec-args/trt-version.util.js';
import { argValue, hasArg, type SimTrtexecArg } from './sim-trtexec-args.util.js';
import type { TrtexecLogWriter } from './trtexec-log-writer.util.js';

const DEVICE_NAMES: Record<string, string> = {
  t210: 'NVIDIA Tegra X1',
  t186: 'NVIDIA Tegra X2',
  t194: 'Xavier',
  t234: 'Orin',
  // Not captured; assumed.
  t264: 'NVIDIA Thor',
};

function precisionEcho(args: readonly SimTrtexecArg[]): string {
  if (hasArg(args, '--best')) return 'FP32+FP16+INT8';
  const parts = ['FP32'];
  if (hasArg(args, '--fp16')) parts.push('FP16');
  if (hasArg(args, '--int8')) parts.push('INT8');
  return parts.join('+');
}

function calibrationEcho(args: readonly SimTrtexecArg[]): string {
  const int8 = hasArg(args, '--int8') || hasArg(args, '--best');
  if (!int8) return '';
  return argValue(args, '--calib') ?? 'Dynamic';
}

/** The `=== … Options ===` echo and `=== Device Information ===` block (reference §5.1 item 3). */
export function writeTrtexecHeader(
  log: TrtexecLogWriter,
  moduleId: ModuleId,
  version: TrtVersion,
  args: readonly SimTrtexecArg[],
  gpuClockMHz: number,
): void {
  const spec = MODULE_CATALOG[moduleId];
  const ten = version.major >= 10;
  const onnx = argValue(args, '--onnx');
  const dla = argValue(args, '--useDLACore');
  log.info('=== Model Options ===');
  log.info(`Format: ${onnx === undefined ? '*' : 'ONNX'}`);
  log.info(`Model: ${onnx ?? ''}`);
  log.info('Output:');
  log.info('=== Build Options ===');
  if (!ten) log.info('Max batch: explicit batch');
  const pools = 'workspace: default, dlaSRAM: default, dlaLocalDRAM: default, dlaGlobalDRAM: default';
  log.info(`Memory Pools: ${pools}${ten ? ', tacticSharedMem: default' : ''}`);
  log.info('minTiming: 1');
  log.info('avgTiming: 8');
  log.info(`Precision: ${precisionEcho(args)}`);
  log.info('LayerPrecisions: ');
  log.info(`Calibration: ${calibrationEcho(args)}`);
  log.info('Refit: Disabled');
  if (ten) log.info('Version Compatible: Disabled');
  log.info('Sparsity: Disabled');
  log.info('Safe mode: Disabled');
  log.info('Restricted mode: Disabled');
  log.info(
    `Skip inference: ${hasArg(args, '--skipInference') || hasArg(args, '--buildOnly') ? 'Enabled' : 'Disabled'}`,
  );
  log.info(`Save engine: ${argValue(args, '--saveEngine') ?? ''}`);
  log.info(`Load engine: ${argValue(args, '--loadEngine') ?? ''}`);
  log.info('Profiling verbosity: 0');
  log.info('Tactic sources: Using default tactic sources');
  const cache = argValue(args, '--timingCacheFile');
  log.info(`timingCacheMode: ${cache === undefined ? 'local' : 'global'}`);
  log.info(`timingCacheFile: ${cache ?? ''}`);
  log.info('Input(s)s format: fp32:CHW');
  log.info('Output(s)s format: fp32:CHW');
  log.info(`Input build shapes: ${argValue(args, '--optShapes') === undefined ? 'model' : 'from arguments'}`);
  log.info('Input calibration shapes: model');
  log.info('=== System Options ===');
  log.info('Device: 0');
  log.info(
    `DLACore: ${dla ?? ''}${dla !== undefined && hasArg(args, '--allowGPUFallback') ? '(With GPU fallback)' : ''}`,
  );
  log.info('Plugins:');
  log.info('=== Inference Options ===');
  log.info('Batch: Explicit');
  log.info('Input inference shapes: model');
  log.info('Iterations: 10');
  log.info('Duration: 3s (+ 200ms warm up)');
  log.info('Sleep time: 0ms');
  log.info('Idle time: 0ms');
  log.info('Streams: 1');
  log.info('ExposeDMA: Disabled');
  log.info(`Data transfers: ${hasArg(args, '--noDataTransfers') ? 'Disabled' : 'Enabled'}`);
  log.info(`Spin-wait: ${hasArg(args, '--useSpinWait') ? 'Enabled' : 'Disabled'}`);
  log.info('Multithreading: Disabled');
  log.info(`CUDA Graph: ${hasArg(args, '--useCudaGraph') ? 'Enabled' : 'Disabled'}`);
  log.info('Separate profiling: Disabled');
  log.info('Time Deserialize: Disabled');
  log.info('Time Refit: Disabled');
  log.info('Inputs:');
  log.info('=== Reporting Options ===');
  log.info('Verbose: Disabled');
  log.info('Averages: 10 inferences');
  log.info(trtAtLeast(version, 8, 5) ? 'Percentiles: 90,95,99' : 'Percentile: 99');
  log.info('Dump refittable layers:Disabled');
  log.info('Dump output: Disabled');
  log.info('Profile: Disabled');
  log.info('Export timing to JSON file: ');
  log.info('Export output to JSON file: ');
  log.info('Export profile to JSON file: ');
  log.info('');
  log.info('=== Device Information ===');
  log.info(`Selected Device: ${DEVICE_NAMES[spec.soc] ?? 'Orin'}`);
  log.info(`Compute Capability: ${spec.smArch ?? '11.0'}`);
  log.info(`SMs: ${spec.smCount}`);
  const ghz = (gpuClockMHz / 1000).toFixed(3).replace(/\.?0+$/, '');
  if (trtAtLeast(version, 8, 6)) {
    log.info(`Device Global Memory: ${spec.ramMB} MiB`);
    log.info('Shared Memory per SM: 164 KiB');
    log.info('Memory Bus Width: 128 bits (ECC disabled)');
    log.info(`Application Compute Clock Rate: ${ghz} GHz`);
    log.info(`Application Memory Clock Rate: ${ghz} GHz`);
    log.info('');
    log.info(
      'Note: The application clock rates do not reflect the actual clock rates that the GPU is currently running at.',
    );
  } else {
    log.info(`Compute Clock Rate: ${ghz} GHz`);
    log.info(`Device Global Memory: ${spec.ramMB} MiB`);
    log.info('Shared Memory per SM: 64 KiB');
    log.info('Memory Bus Width: 128 bits (ECC disabled)');
    log.info(`Memory Clock Rate: ${ghz} GHz`);
  }
  log.info('');
  // 8.0 prints the integer form (`8001`) here.
  const versionText =
    version.major === 8 && version.minor === 0
      ? `${version.major}${version.minor}0${version.patch}`
      : `${version.major}.${version.minor}.${version.patch}`;
  log.info(`TensorRT version: ${versionText}`);
}
