import { MODULE_CATALOG } from '../catalog/module-catalog.constant.js';
import type { ModuleId } from '../catalog/module-id.constant.js';
import { cleanDeviceTreeString } from './device-tree.util.js';
import { MODEL_PATTERNS } from './model-pattern.constant.js';
import { MODULE_FAMILIES, SUPER_VARIANTS, type ModuleFamily } from './module-family.constant.js';
import { P_NUMBER_FAMILIES, P_NUMBER_MODULES } from './p-number.constant.js';

export interface IdentifyModuleInput {
  /** Raw `/proc/device-tree/model` (NUL-terminated is fine). */
  model: string;
  /** Raw `/proc/device-tree/compatible` (NUL-separated). */
  compatible?: string;
  /** `/proc/device-tree/nvidia,dtsfilename`. */
  dtsFilename?: string;
  ramTotalMB?: number;
  cpuCores?: number;
  /** DLA present (e.g. `cv0..cv2` temperatures or `/dev/nvhost-*dla*`). */
  hasDla?: boolean;
}

/** exact: P-number or unambiguous model string · inferred: variant picked from RAM/cores/DLA · guess: family default. */
export type IdentifyConfidence = 'exact' | 'inferred' | 'guess';

export interface ModuleIdentification {
  moduleId: ModuleId | null;
  family: ModuleFamily | null;
  isSuper: boolean;
  confidence: IdentifyConfidence | null;
  /** The cleaned model string. */
  model: string;
  warnings: string[];
}

const P_NUMBER = /p(\d{4})(?:-(\d{4}))?/gi;

export function identifyModule(input: IdentifyModuleInput): ModuleIdentification {
  const warnings: string[] = [];
  const model = cleanDeviceTreeString(typeof input.model === 'string' ? input.model : '');
  const hardwareText = [input.compatible ?? '', input.dtsFilename ?? ''].join(' ').replace(/\0/g, ' ');
  const isSuper = /super/i.test(model) || /super/i.test(hardwareText);

  const fromPNumber = readPNumbers(hardwareText);
  const modelFamily = MODEL_PATTERNS.find(({ pattern }) => pattern.test(model))?.family ?? null;
  const pFamily = fromPNumber.moduleId === null ? fromPNumber.family : familyOf(fromPNumber.moduleId);
  if (modelFamily !== null && pFamily !== null && !familiesAgree(modelFamily, pFamily)) {
    warnings.push(`model string says ${modelFamily} but the P-number says ${pFamily}; trusting the P-number`);
  }

  let moduleId: ModuleId | null = null;
  let confidence: IdentifyConfidence | null = null;
  let family: ModuleFamily | null = pFamily ?? modelFamily;

  if (fromPNumber.moduleId !== null) {
    moduleId = fromPNumber.moduleId;
    confidence = 'exact';
    checkRam(moduleId, input.ramTotalMB, warnings);
  } else {
    // A bare p3767 with an Orin Nano/NX model string: the model string is more specific.
    if (family === 'p3767' && (modelFamily === 'orin-nano' || modelFamily === 'orin-nx')) family = modelFamily;
    if (family === null) family = familyFromHardware(input);
    if (family !== null) {
      const picked = pickVariant(family, model, input);
      moduleId = picked.moduleId;
      confidence = picked.confidence;
      if (picked.warning !== undefined) warnings.push(picked.warning);
    } else {
      warnings.push(model === '' ? 'empty model string and no P-number' : `unrecognised model "${model}"`);
    }
  }

  if (moduleId !== null && isSuper) {
    const superId = SUPER_VARIANTS[moduleId];
    if (superId === undefined) warnings.push(`Super firmware reported but ${moduleId} has no Super catalog entry`);
    else moduleId = superId;
  }
  return { moduleId, family, isSuper, confidence, model, warnings };
}

function readPNumbers(text: string): { moduleId: ModuleId | null; family: ModuleFamily | null } {
  let family: ModuleFamily | null = null;
  for (const match of text.matchAll(P_NUMBER)) {
    const base = `p${match[1] ?? ''}`;
    const full = match[2] === undefined ? base : `${base}-${match[2]}`;
    const exact = P_NUMBER_MODULES[full] ?? P_NUMBER_MODULES[base];
    if (exact !== undefined) return { moduleId: exact, family: null };
    family ??= P_NUMBER_FAMILIES[full] ?? P_NUMBER_FAMILIES[base] ?? null;
  }
  return { moduleId: null, family };
}

function familyOf(id: ModuleId): ModuleFamily | null {
  for (const [family, ids] of Object.entries(MODULE_FAMILIES) as [ModuleFamily, readonly ModuleId[]][]) {
    if (family !== 'p3767' && ids.includes(id)) return family;
  }
  return null;
}

function familiesAgree(a: ModuleFamily, b: ModuleFamily): boolean {
  const p3767 = (family: ModuleFamily): boolean => family === 'p3767' || family === 'orin-nano' || family === 'orin-nx';
  return a === b || (p3767(a) && p3767(b) && (a === 'p3767' || b === 'p3767'));
}

/** Without a model match: a 12-core or >40 GB board is an AGX Orin; nothing else is safe to infer. */
function familyFromHardware(input: IdentifyModuleInput): ModuleFamily | null {
  if (input.cpuCores === 14) return 'agx-thor';
  if ((input.ramTotalMB ?? 0) > 90_000) return 'agx-thor';
  if (input.cpuCores === 12 || (input.ramTotalMB ?? 0) > 40_000) return 'agx-orin';
  return null;
}

function pickVariant(
  family: ModuleFamily,
  model: string,
  input: IdentifyModuleInput,
): { moduleId: ModuleId | null; confidence: IdentifyConfidence; warning?: string } {
  const all: readonly ModuleId[] = MODULE_FAMILIES[family];
  if (all.length === 1 && all[0] !== undefined) return { moduleId: all[0], confidence: 'exact' };
  if (family === 'tx2') {
    if (/\bnx\b/i.test(model)) return { moduleId: 'tx2-nx', confidence: 'exact' };
  }
  if (family === 'nano' && /\b2\s?GB\b/i.test(model)) return { moduleId: 'nano-2gb', confidence: 'exact' };

  // TX2 NX is only told apart by its model string or P-number.
  let candidates = all.filter((id) => id !== 'tx2-nx');
  let narrowed = false;
  if (input.hasDla !== undefined) {
    const withDla = candidates.filter((id) => MODULE_CATALOG[id].dlaCores > 0 === input.hasDla);
    if (withDla.length > 0 && withDla.length < candidates.length) narrowed = true;
    if (withDla.length > 0) candidates = withDla;
  }
  const cores = input.cpuCores;
  if (cores !== undefined && cores > 0) {
    // Online cores can be fewer than the module has (nvpmodel), so only "more than the smaller variant" tells.
    const bigEnough = candidates.filter((id) => MODULE_CATALOG[id].cpuCores >= cores);
    if (bigEnough.length > 0 && bigEnough.length < candidates.length) narrowed = true;
    if (bigEnough.length > 0) candidates = bigEnough;
  }
  const ram = input.ramTotalMB;
  if (ram !== undefined && ram > 0 && candidates.length > 1) {
    const distance = (id: ModuleId): number => Math.abs(Math.log(MODULE_CATALOG[id].ramMB / ram));
    const best = Math.min(...candidates.map(distance));
    const nearest = candidates.filter((id) => distance(id) - best < 0.05);
    if (nearest.length < candidates.length) narrowed = true;
    candidates = nearest;
  }
  const first = candidates[0] ?? null;
  if (candidates.length === 1) return { moduleId: first, confidence: narrowed ? 'inferred' : 'exact' };
  if (family === 'p3767') {
    return { moduleId: null, confidence: 'guess', warning: `cannot tell ${candidates.join(' / ')} apart` };
  }
  return {
    moduleId: first,
    confidence: 'guess',
    warning: `${family}: variant not determined (${candidates.join(' / ')}); assuming ${first ?? 'none'}`,
  };
}

function checkRam(id: ModuleId, ramTotalMB: number | undefined, warnings: string[]): void {
  if (ramTotalMB === undefined || ramTotalMB <= 0) return;
  const ratio = ramTotalMB / MODULE_CATALOG[id].ramMB;
  if (ratio < 0.75 || ratio > 1.3) warnings.push(`RAM ${ramTotalMB} MB does not match ${id}`);
}
