import type { BuildRecipeInput } from '@jetfleet/protocol';
import { compatKey } from './compat-key.util.js';

export interface PlannerDevice {
  id: string;
  module: string;
  online: boolean;
  smArch: string | null;
  tensorrt: string | null;
  diskFreeMB: number;
  ramTotalMB: number;
}

export interface BuildGroup {
  compatKey: string;
  deviceIds: string[];
}

export interface BuildPlan {
  groups: BuildGroup[];
  /** Devices whose key cannot be computed (no SM arch or TensorRT version reported). */
  unkeyed: string[];
}

/** Groups devices by compatibility key: one build per group, sorted for stable output. */
export function planBuilds(devices: PlannerDevice[], recipe: BuildRecipeInput): BuildPlan {
  const groups = new Map<string, string[]>();
  const unkeyed: string[] = [];
  for (const d of devices) {
    const key = compatKey(d, recipe);
    if (key === null) {
      unkeyed.push(d.id);
      continue;
    }
    groups.set(key, [...(groups.get(key) ?? []), d.id]);
  }
  return {
    groups: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, ids]) => ({ compatKey: key, deviceIds: ids.sort() })),
    unkeyed: unkeyed.sort(),
  };
}

/** A build needs room for the ONNX, the engine and trtexec's workspace. */
export const BUILDER_MIN_DISK_MB = 2048;
export const BUILDER_MIN_RAM_MB = 3500;

/**
 * Picks the builder for a class: online, idle, with enough disk and memory, not already tried
 * for this build. Prefers the most free disk, then the most memory; ties by id so the choice
 * is deterministic.
 */
export function chooseBuilder(
  candidates: PlannerDevice[],
  busy: ReadonlySet<string>,
  tried: ReadonlySet<string>,
): PlannerDevice | null {
  const eligible = candidates.filter(
    (d) =>
      d.online &&
      !busy.has(d.id) &&
      !tried.has(d.id) &&
      d.diskFreeMB >= BUILDER_MIN_DISK_MB &&
      d.ramTotalMB >= BUILDER_MIN_RAM_MB,
  );
  eligible.sort((a, b) => b.diskFreeMB - a.diskFreeMB || b.ramTotalMB - a.ramTotalMB || a.id.localeCompare(b.id));
  return eligible[0] ?? null;
}
