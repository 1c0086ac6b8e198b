import { parseTrtVersion, trtAtLeast } from '../trtexec-args/trt-version.util.js';

export interface SimTrtexecArg {
  readonly flag: string;
  /** Text after `=`, '' for bare flags. */
  readonly value: string;
}

/** `--onnx=a.onnx --fp16` → [{flag:'--onnx', value:'a.onnx'}, {flag:'--fp16', value:''}]. */
export function readTrtexecArgs(args: readonly string[]): SimTrtexecArg[] {
  return args.map((arg) => {
    const eq = arg.indexOf('=');
    return eq === -1 ? { flag: arg, value: '' } : { flag: arg.slice(0, eq), value: arg.slice(eq + 1) };
  });
}

export const argValue = (args: readonly SimTrtexecArg[], flag: string): string | undefined =>
  args.find((arg) => arg.flag === flag)?.value;

export const hasArg = (args: readonly SimTrtexecArg[], flag: string): boolean => args.some((arg) => arg.flag === flag);

const REMOVED_IN_10 = new Set(['--workspace', '--explicitBatch', '--buildOnly', '--batch', '--maxBatch']);
const ADDED_IN_8_6 = new Set(['--skipInference']);
const ADDED_IN_8_4 = new Set(['--memPoolSize']);

/** Flags this TensorRT's trtexec rejects with `Unknown option` (reference §5.3). */
export function unknownTrtexecOptions(args: readonly string[], trtVersion: string): SimTrtexecArg[] {
  const version = parseTrtVersion(trtVersion);
  if (version === null) return [];
  return readTrtexecArgs(args).filter(
    (arg) =>
      (version.major >= 10 && REMOVED_IN_10.has(arg.flag)) ||
      (!trtAtLeast(version, 8, 6) && ADDED_IN_8_6.has(arg.flag)) ||
      (!trtAtLeast(version, 8, 4) && ADDED_IN_8_4.has(arg.flag)),
  );
}
