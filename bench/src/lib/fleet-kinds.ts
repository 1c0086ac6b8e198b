import type { HardwareFacts } from '@jetfleet/protocol';

/**
 * The hardware mix of the simulated fleets of the rollout benchmarks: four modules in three engine
 * compatibility classes (SM arch + TensorRT), so a rollout needs three engines and its stages are
 * stratified over four cohort groups, as on a mixed real fleet. Device i is of kind i mod 4.
 */
export const FLEET_KINDS = [
  { module: 'orin-nx-16gb', smArch: '8.7', tensorrt: '10.3.0', dlaCores: 2, ramTotalMB: 15_657, powerMode: 'MAXN' },
  { module: 'orin-nano-8gb', smArch: '8.7', tensorrt: '10.3.0', dlaCores: 0, ramTotalMB: 7620, powerMode: '15W' },
  {
    module: 'xavier-nx-8gb',
    smArch: '7.2',
    tensorrt: '8.5.2',
    dlaCores: 2,
    ramTotalMB: 7620,
    powerMode: 'MODE_20W_6CORE',
  },
  { module: 'agx-orin-64gb', smArch: '8.7', tensorrt: '8.6.2', dlaCores: 2, ramTotalMB: 62_841, powerMode: 'MAXN' },
] as const;

export const kindOf = (i: number): number => i % FLEET_KINDS.length;

/** Real facts (a simulated Orin NX's) with the kind's module, class and memory. */
export function factsOfKind(base: HardwareFacts, kind: number): HardwareFacts {
  const k = FLEET_KINDS[kind % FLEET_KINDS.length]!;
  // The base's marketing name and SoC describe an Orin NX; the other fields are all overridden.
  const rest: HardwareFacts = { ...base };
  delete rest.moduleName;
  delete rest.soc;
  return {
    ...rest,
    module: k.module,
    smArch: k.smArch,
    tensorrt: k.tensorrt,
    dlaCores: k.dlaCores,
    ramTotalMB: k.ramTotalMB,
    powerMode: k.powerMode,
    simulated: true,
  };
}

/** The engine a builder of this class uploads: equal within a class, so every builder makes the same one. */
export const engineBytes = (kind: number): Buffer => {
  const k = FLEET_KINDS[kind % FLEET_KINDS.length]!;
  return Buffer.from(`TensorRT engine for ${k.smArch}|${k.tensorrt}\n`.repeat(64));
};
