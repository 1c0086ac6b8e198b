import { SIM_GENERATION_INFO, SIM_MODULE_GENERATIONS, type ModuleId, type SimGeneration } from '@jetfleet/jetson';

const BY_MAJOR: Readonly<Record<number, SimGeneration>> = { 32: 'r32', 35: 'r35', 36: 'r36', 38: 'r38', 39: 'r39' };

/** The simulator generation an L4T release belongs to; throws for releases or modules it cannot model. */
export function simGenerationFor(moduleId: ModuleId, l4t: string): SimGeneration {
  const major = Number(/^\s*R?(\d+)/i.exec(l4t)?.[1]);
  const generation = BY_MAJOR[major];
  if (generation === undefined) throw new Error(`L4T ${l4t}: the simulator models r32, r35, r36, r38 and r39 only`);
  if (!SIM_MODULE_GENERATIONS[moduleId].includes(generation)) {
    throw new Error(`${moduleId} does not run L4T ${l4t} (${generation}) in the simulator`);
  }
  return generation;
}

/** An L4T release the simulator runs for this module: the newest generation it supports. */
export function defaultSimL4t(moduleId: ModuleId): string {
  const generations = SIM_MODULE_GENERATIONS[moduleId];
  const newest = generations[generations.length - 1] ?? 'r36';
  return SIM_GENERATION_INFO[newest].l4t;
}

/** Whether the simulator can run this module on this L4T. */
export function simSupports(moduleId: ModuleId, l4t: string): boolean {
  try {
    simGenerationFor(moduleId, l4t);
    return true;
  } catch {
    return false;
  }
}
