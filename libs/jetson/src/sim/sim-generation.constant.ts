import type { ModuleId } from '../catalog/index.js';

/** L4T major of the simulated software stack: JP4 r32, JP5 r35, JP6 r36, JP7.0 (Thor) r38, JP7.2 r39. */
export type SimGeneration = 'r32' | 'r35' | 'r36' | 'r38' | 'r39';

export const SIM_GENERATIONS: readonly SimGeneration[] = ['r32', 'r35', 'r36', 'r38', 'r39'];

export interface SimGenerationInfo {
  readonly l4tMajor: number;
  /** L4T release the simulator pretends to run (reference §1.3). */
  readonly l4t: string;
  readonly jetpack: string;
  readonly trtVersion: string;
}

export const SIM_GENERATION_INFO: Readonly<Record<SimGeneration, SimGenerationInfo>> = {
  r32: { l4tMajor: 32, l4t: '32.7.4', jetpack: '4.6.4', trtVersion: '8.2.1' },
  r35: { l4tMajor: 35, l4t: '35.4.1', jetpack: '5.1.2', trtVersion: '8.5.2' },
  r36: { l4tMajor: 36, l4t: '36.4.3', jetpack: '6.2', trtVersion: '10.3.0' },
  // The reference has no TensorRT for r38; 10.13.3 is what JetPack 7.0 announced (assumed).
  r38: { l4tMajor: 38, l4t: '38.2.0', jetpack: '7.0', trtVersion: '10.13.3' },
  r39: { l4tMajor: 39, l4t: '39.2.0', jetpack: '7.2', trtVersion: '10.16.2' },
};

const PRE_ORIN: readonly SimGeneration[] = ['r32'];
const XAVIER: readonly SimGeneration[] = ['r32', 'r35'];
const ORIN: readonly SimGeneration[] = ['r35', 'r36', 'r39'];
// Super firmware arrived with JetPack 6.2.
const ORIN_SUPER: readonly SimGeneration[] = ['r36', 'r39'];

/** Which generations each module can run in the simulator. */
export const SIM_MODULE_GENERATIONS: Readonly<Record<ModuleId, readonly SimGeneration[]>> = {
  'nano-4gb': PRE_ORIN,
  'nano-2gb': PRE_ORIN,
  tx2: PRE_ORIN,
  'tx2-4gb': PRE_ORIN,
  'tx2-nx': PRE_ORIN,
  'agx-xavier-16gb': XAVIER,
  'agx-xavier-32gb': XAVIER,
  'xavier-nx-8gb': XAVIER,
  'xavier-nx-16gb': XAVIER,
  'orin-nano-4gb': ORIN,
  'orin-nano-8gb': ORIN,
  'orin-nano-8gb-super': ORIN_SUPER,
  'orin-nx-8gb': ORIN,
  'orin-nx-8gb-super': ORIN_SUPER,
  'orin-nx-16gb': ORIN,
  'orin-nx-16gb-super': ORIN_SUPER,
  'agx-orin-32gb': ORIN,
  'agx-orin-64gb': ORIN,
  'agx-thor': ['r38', 'r39'],
};
