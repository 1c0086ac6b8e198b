import { unknownTrtexecOptions } from '@jetfleet/jetson';

export interface SimFlag {
  readonly flag: string;
  readonly value: string;
}

/** Flags trtexec 8.x/10.x know (reference §5.3 and the usual extras); version-specific removals are checked apart. */
const KNOWN_FLAGS = new Set([
  '--onnx',
  '--uff',
  '--saveEngine',
  '--loadEngine',
  '--fp16',
  '--int8',
  '--best',
  '--bf16',
  '--fp8',
  '--noTF32',
  '--calib',
  '--minShapes',
  '--optShapes',
  '--maxShapes',
  '--shapes',
  '--minShapesCalib',
  '--optShapesCalib',
  '--maxShapesCalib',
  '--useDLACore',
  '--allowGPUFallback',
  '--workspace',
  '--memPoolSize',
  '--explicitBatch',
  '--batch',
  '--maxBatch',
  '--buildOnly',
  '--skipInference',
  '--timingCacheFile',
  '--useCudaGraph',
  '--useSpinWait',
  '--noDataTransfers',
  '--iterations',
  '--duration',
  '--warmUp',
  '--avgRuns',
  '--exportLayerInfo',
  '--dumpLayerInfo',
  '--profilingVerbosity',
  '--dumpProfile',
  '--exportTimes',
  '--exportProfile',
  '--exportOutput',
  '--dumpOutput',
  '--separateProfileRun',
  '--verbose',
  '--inputIOFormats',
  '--outputIOFormats',
  '--precisionConstraints',
  '--layerPrecisions',
  '--layerOutputTypes',
  '--sparsity',
  '--stronglyTyped',
  '--builderOptimizationLevel',
  '--tacticSources',
  '--versionCompatible',
  '--plugins',
  '--staticPlugins',
  '--loadInputs',
  '--streams',
  '--threads',
  '--device',
  '--noBuilderCache',
  '--persistentCacheRatio',
  '--idleTime',
  '--infStreams',
  '--refit',
]);

/** `--onnx=a.onnx --fp16` → [{flag:'--onnx', value:'a.onnx'}, {flag:'--fp16', value:''}]. */
export const readFlags = (args: readonly string[]): SimFlag[] =>
  args.map((arg) => {
    const eq = arg.indexOf('=');
    return eq === -1 ? { flag: arg, value: '' } : { flag: arg.slice(0, eq), value: arg.slice(eq + 1) };
  });

export const flagValue = (flags: readonly SimFlag[], flag: string): string | undefined =>
  flags.find((f) => f.flag === flag)?.value;

/** Flags this TensorRT rejects with `Unknown option`, in argument order: removed/not yet added ones and typos. */
export function rejectedFlags(args: readonly string[], trtVersion: string): SimFlag[] {
  const byVersion = new Set(unknownTrtexecOptions(args, trtVersion).map((option) => option.flag));
  return readFlags(args).filter((f) => byVersion.has(f.flag) || !KNOWN_FLAGS.has(f.flag));
}

/** Network input from `--optShapes=images:1x3x480x640`; 640×640 when absent. */
export function inputSize(flags: readonly SimFlag[]): { width: number; height: number } {
  const dims = flagValue(flags, '--optShapes')?.split(':').pop()?.split('x').map(Number) ?? [];
  const [height, width] = [dims[2], dims[3]];
  return height !== undefined && width !== undefined && height > 0 && width > 0
    ? { width, height }
    : { width: 640, height: 640 };
}
