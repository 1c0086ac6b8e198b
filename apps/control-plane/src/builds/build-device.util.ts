import type { PlannerDevice } from './build-planner.util.js';
import type { OnnxInput, RecipeTarget } from './recipe-check.util.js';

/** The columns of a devices row the builds feature reads. */
export interface BuildDeviceRow {
  id: string;
  module: string;
  online: boolean;
  hardware: Record<string, unknown>;
  lastTelemetry: Record<string, unknown> | null;
}

/** A device as builds see it: its class facts and whether it can build now. */
export interface BuildDevice extends PlannerDevice {
  dlaCores: number;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Reads the birth facts (validated by the protocol schema on the way in). Free disk comes from
 * the latest telemetry when the device reports it there, since builds and fetches consume it.
 */
export function toBuildDevice(row: BuildDeviceRow): BuildDevice {
  const hw = row.hardware;
  return {
    id: row.id,
    module: row.module,
    online: row.online,
    smArch: str(hw.smArch),
    tensorrt: str(hw.tensorrt),
    dlaCores: num(hw.dlaCores) ?? 0,
    diskFreeMB: num(row.lastTelemetry?.diskFreeMB) ?? num(hw.diskFreeMB) ?? 0,
    ramTotalMB: num(hw.ramTotalMB) ?? 0,
  };
}

/** The distinct (module, DLA cores, TensorRT) among the devices: what the recipe check needs. */
export function distinctTargets(devices: readonly BuildDevice[]): RecipeTarget[] {
  const seen = new Map<string, RecipeTarget>();
  for (const d of devices) {
    const key = `${d.module}|${d.dlaCores}|${d.tensorrt ?? ''}`;
    if (!seen.has(key)) seen.set(key, { module: d.module, dlaCores: d.dlaCores, tensorrt: d.tensorrt });
  }
  return [...seen.values()].sort(
    (a, b) => a.module.localeCompare(b.module) || (a.tensorrt ?? '').localeCompare(b.tensorrt ?? ''),
  );
}

/** An ONNX graph input as the model registry describes it. */
export interface RegistryOnnxInput {
  name: string;
  dims: { value: number | null; param: string | null }[] | null;
}

/** Registry description → recipe-check input: a fixed dim is its number, anything else is dynamic. */
export function toOnnxInputs(inputs: readonly RegistryOnnxInput[]): OnnxInput[] {
  return inputs.map((i) => ({
    name: i.name,
    // Unknown rank: one unknown dim, so the input counts as dynamic (it cannot be proven static).
    dims: i.dims === null ? [null] : i.dims.map((d) => (d.value !== null && d.value > 0 ? d.value : d.param)),
  }));
}
