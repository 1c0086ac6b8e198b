export const MODULE_IDS = [
  'nano-4gb',
  'nano-2gb',
  'tx2',
  'tx2-4gb',
  'tx2-nx',
  'agx-xavier-16gb',
  'agx-xavier-32gb',
  'xavier-nx-8gb',
  'xavier-nx-16gb',
  'orin-nano-4gb',
  'orin-nano-8gb',
  'orin-nano-8gb-super',
  'orin-nx-8gb',
  'orin-nx-8gb-super',
  'orin-nx-16gb',
  'orin-nx-16gb-super',
  'agx-orin-32gb',
  'agx-orin-64gb',
  'agx-thor',
] as const;

export type ModuleId = (typeof MODULE_IDS)[number];

const MODULE_ID_SET: ReadonlySet<string> = new Set(MODULE_IDS);

export const isModuleId = (value: unknown): value is ModuleId => typeof value === 'string' && MODULE_ID_SET.has(value);
