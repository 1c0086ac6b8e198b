import type { DesiredModel, DesiredPowerMode, DesiredState } from '@jetfleet/protocol';

/** What a feature changes in a device's desired state; absent keys keep their current value. */
export interface DesiredPatch {
  model?: DesiredModel | null;
  powerMode?: DesiredPowerMode | null;
}

/**
 * The next document for a device: the previous one with the patch applied, under a rev above both
 * the stored rev and whatever the device says it applied (so a lost or restored table can never
 * hand a device a rev it would ignore).
 */
export function nextDesired(
  prev: DesiredState | null,
  appliedRev: number | null,
  patch: DesiredPatch,
  now: Date,
): DesiredState {
  const rev = Math.max(prev?.rev ?? 0, appliedRev ?? 0) + 1;
  const doc: DesiredState = { rev, issuedAt: now.toISOString() };
  const model = 'model' in patch ? patch.model : prev?.model;
  const powerMode = 'powerMode' in patch ? patch.powerMode : prev?.powerMode;
  if (model !== undefined) doc.model = model;
  if (powerMode !== undefined) doc.powerMode = powerMode;
  if (prev?.jetsonClocks !== undefined) doc.jetsonClocks = prev.jetsonClocks;
  return doc;
}
