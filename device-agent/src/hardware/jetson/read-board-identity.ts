import {
  getModule,
  identifyModule,
  l4tInfo,
  parseNvTegraRelease,
  type ModuleId,
  type ModuleIdentification,
  type ModuleSpec,
} from '@jetfleet/jetson';
import { HardwareError } from '../hardware-error.js';
import { BOARD_PATHS, type BoardFiles } from './board-files.js';

export interface BoardIdentity {
  readonly module: ModuleSpec;
  /** What the device tree said (kept even when a configured module overrides it). */
  readonly identification: ModuleIdentification;
  /** e.g. `36.4.3`; null when /etc/nv_tegra_release is missing or a debug BSP. */
  readonly l4t: string | null;
  readonly jetpack: string | null;
  readonly tensorrt: string | null;
  readonly cuda: string | null;
  /** MemTotal from /proc/meminfo, else the catalog figure. */
  readonly ramTotalMB: number;
  readonly warnings: readonly string[];
}

export interface IdentityOverrides {
  /** Trust this module over the device tree (a carrier board the catalog does not know). */
  readonly module?: ModuleId;
  /** TensorRT actually installed, when the L4T table has none or it was upgraded. */
  readonly tensorrt?: string;
}

/** Identifies the module from the device tree and the software stack from /etc/nv_tegra_release. */
export async function readBoardIdentity(files: BoardFiles, overrides: IdentityOverrides = {}): Promise<BoardIdentity> {
  const [model, compatible, dtsFilename, release, meminfo, possible] = await Promise.all([
    files.readText(BOARD_PATHS.model),
    files.readText(BOARD_PATHS.compatible),
    files.readText(BOARD_PATHS.dtsFilename),
    files.readText(BOARD_PATHS.nvTegraRelease),
    files.readText(BOARD_PATHS.meminfo),
    files.readText(BOARD_PATHS.cpuPossible),
  ]);
  const ramTotalMB = memTotalMB(meminfo);
  const cpuCores = countCpus(possible);
  const identification = identifyModule({
    model: model ?? '',
    ...(compatible === null ? {} : { compatible }),
    ...(dtsFilename === null ? {} : { dtsFilename }),
    ...(ramTotalMB === null ? {} : { ramTotalMB }),
    ...(cpuCores === null ? {} : { cpuCores }),
  });
  const moduleId = overrides.module ?? identification.moduleId;
  if (moduleId === null) {
    const why = identification.warnings.join('; ') || 'no match';
    throw new HardwareError('unidentified_module', `cannot identify the Jetson module from the device tree: ${why}`);
  }
  const warnings = [...identification.warnings];
  if (
    overrides.module !== undefined &&
    identification.moduleId !== null &&
    identification.moduleId !== overrides.module
  ) {
    warnings.push(`configured module ${overrides.module} overrides identified ${identification.moduleId}`);
  }
  const parsed = release === null ? null : parseNvTegraRelease(release);
  if (parsed === null) warnings.push(`${BOARD_PATHS.nvTegraRelease} not readable`);
  else warnings.push(...parsed.warnings);
  const l4t = parsed?.l4t ?? null;
  const stack = l4t === null ? undefined : l4tInfo(l4t);
  return {
    module: getModule(moduleId),
    identification,
    l4t,
    jetpack: stack?.jetpack ?? null,
    tensorrt: overrides.tensorrt ?? stack?.tensorrt ?? null,
    cuda: stack?.cuda ?? null,
    ramTotalMB: ramTotalMB ?? getModule(moduleId).ramMB,
    warnings,
  };
}

function memTotalMB(meminfo: string | null): number | null {
  const kb = /^MemTotal:\s*(\d+)\s*kB/m.exec(meminfo ?? '')?.[1];
  return kb === undefined ? null : Math.round(Number(kb) / 1024);
}

/** `0-7` → 8, `0-3,5` → 5. */
function countCpus(list: string | null): number | null {
  if (list === null || list.trim() === '') return null;
  let count = 0;
  for (const part of list.trim().split(',')) {
    const [from, to] = part.split('-').map(Number);
    if (from === undefined || !Number.isInteger(from)) return null;
    count += to === undefined ? 1 : to - from + 1;
  }
  return count > 0 ? count : null;
}
