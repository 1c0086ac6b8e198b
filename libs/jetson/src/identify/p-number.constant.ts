import type { ModuleId } from '../catalog/module-id.constant.js';
import type { ModuleFamily } from './module-family.constant.js';

/** Module P-numbers that name one module exactly (Super is decided separately). */
export const P_NUMBER_MODULES: Readonly<Record<string, ModuleId>> = {
  'p3448-0000': 'nano-4gb',
  'p3448-0002': 'nano-4gb',
  'p3448-0003': 'nano-2gb',
  p3310: 'tx2',
  'p3489-0888': 'tx2-4gb',
  'p3636-0001': 'tx2-nx',
  'p2888-0001': 'agx-xavier-16gb',
  'p2888-0004': 'agx-xavier-32gb',
  'p2888-0008': 'agx-xavier-32gb',
  'p3668-0000': 'xavier-nx-8gb',
  'p3668-0001': 'xavier-nx-8gb',
  'p3668-0003': 'xavier-nx-16gb',
  'p3767-0000': 'orin-nx-16gb',
  'p3767-0001': 'orin-nx-8gb',
  'p3767-0003': 'orin-nano-8gb',
  'p3767-0004': 'orin-nano-4gb',
  'p3767-0005': 'orin-nano-8gb',
  'p3701-0004': 'agx-orin-32gb',
  'p3701-0005': 'agx-orin-64gb',
};

/** Devkit or bare P-numbers that only name a family; RAM and friends pick the variant. */
export const P_NUMBER_FAMILIES: Readonly<Record<string, ModuleFamily>> = {
  'p3450-0000': 'nano',
  p3448: 'nano',
  'p2771-0000': 'tx2',
  p2888: 'agx-xavier',
  'p2972-0000': 'agx-xavier',
  p3668: 'xavier-nx',
  p3767: 'p3767',
  'p3701-0000': 'agx-orin',
  p3701: 'agx-orin',
};
