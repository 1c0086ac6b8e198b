/**
 * Faults a simulated board can be given. Build faults hit the next `trtexec --onnx` run once; `disk_full` and
 * `thermal_throttle` last until cleared; `disconnect` only reaches `onFault` listeners (the agent owns the link).
 */
export type SimFault =
  /** CUDA allocation fails during tactic selection (`Error Code 1: Cuda Runtime (out of memory)`). */
  | { readonly kind: 'build_oom' }
  /** The kernel OOM killer ends trtexec (SIGKILL, no verdict line). */
  | { readonly kind: 'build_killed' }
  /** The ONNX model has an op with no importer or plugin. */
  | { readonly kind: 'unsupported_op'; readonly op?: string }
  /** trtexec dies with SIGSEGV part-way through the silent build phase (default half-way). */
  | { readonly kind: 'build_crash'; readonly atFraction?: number }
  /** The engine file system is (almost) full. */
  | { readonly kind: 'disk_full' }
  /** GPU clock capped at `factor` × the mode maximum (default 0.5). */
  | { readonly kind: 'thermal_throttle'; readonly factor?: number }
  /** The next `nvpmodel -m` fails writing sysfs. */
  | { readonly kind: 'nvpmodel_sysfs_write' }
  /** The network drops; whoever owns the connection should act on it. */
  | { readonly kind: 'disconnect' };

export type SimFaultKind = SimFault['kind'];

export type SimBuildFault = Extract<
  SimFault,
  { kind: 'build_oom' | 'build_killed' | 'unsupported_op' | 'build_crash' }
>;

export const isBuildFault = (fault: SimFault): fault is SimBuildFault =>
  fault.kind === 'build_oom' ||
  fault.kind === 'build_killed' ||
  fault.kind === 'unsupported_op' ||
  fault.kind === 'build_crash';
