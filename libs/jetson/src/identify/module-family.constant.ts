import type { ModuleId } from '../catalog/module-id.constant.js';

/** Non-Super variants per family, default (devkit) variant first. */
export const MODULE_FAMILIES = {
  nano: ['nano-4gb', 'nano-2gb'],
  tx2: ['tx2', 'tx2-4gb', 'tx2-nx'],
  'agx-xavier': ['agx-xavier-32gb', 'agx-xavier-16gb'],
  'xavier-nx': ['xavier-nx-8gb', 'xavier-nx-16gb'],
  'orin-nano': ['orin-nano-8gb', 'orin-nano-4gb'],
  'orin-nx': ['orin-nx-16gb', 'orin-nx-8gb'],
  // Both Orin NX and Orin Nano are p3767; no sensible default between them.
  p3767: ['orin-nano-8gb', 'orin-nano-4gb', 'orin-nx-16gb', 'orin-nx-8gb'],
  'agx-orin': ['agx-orin-64gb', 'agx-orin-32gb'],
  'agx-thor': ['agx-thor'],
} as const satisfies Record<string, readonly ModuleId[]>;

export type ModuleFamily = keyof typeof MODULE_FAMILIES;

export const SUPER_VARIANTS: Partial<Record<ModuleId, ModuleId>> = {
  'orin-nano-8gb': 'orin-nano-8gb-super',
  'orin-nx-8gb': 'orin-nx-8gb-super',
  'orin-nx-16gb': 'orin-nx-16gb-super',
};
