import { getModule, SIM_HARDWARE, type ModuleId, type SimGeneration } from '@jetfleet/jetson';
import { BOARD_PATHS, type BoardFiles, type DiskSpace } from '../jetson/board-files.js';
import type { SimBoardState } from './sim-board-state.js';

export interface SimBoardFilesInput {
  readonly moduleId: ModuleId;
  readonly l4t: string;
  readonly generation: SimGeneration;
  /** `/proc/device-tree/model` as a carrier vendor set it; default the NVIDIA developer-kit string. */
  readonly deviceTreeModel?: string;
}

/** Carrier boards of NVIDIA's Orin developer kits, as they appear in `compatible` (`<carrier>+<module>`). */
const CARRIERS: Readonly<Record<string, string>> = { p3767: 'p3768-0000', p3701: 'p3737-0000' };

/** Synthesized like the reference examples: GCID and date are invented, the grammar is the real one. */
const RELEASE_DATES: Readonly<Record<SimGeneration, string>> = {
  r32: 'Thu Jun  1 19:12:48 UTC 2023',
  r35: 'Wed Feb 28 02:51:09 UTC 2024',
  r36: 'Wed Jan  8 01:49:37 UTC 2025',
  r38: 'Fri Aug 22 06:41:12 UTC 2025',
  // r39 prints a 12-hour clock.
  r39: 'Tue Jul 21 09:28:48 PM UTC 2026',
};

/** The files a Jetson with this module and L4T would show (reference §1.2–1.3). */
export function simBoardFileContents(input: SimBoardFilesInput): Record<string, string> {
  const spec = getModule(input.moduleId);
  const pNumber = spec.pNumbers[0];
  const carrier = pNumber === undefined ? undefined : CARRIERS[pNumber.slice(0, 5)];
  const compatible = [
    ...(pNumber === undefined ? [] : [carrier === undefined ? `nvidia,${pNumber}` : `nvidia,${carrier}+${pNumber}`]),
    ...(pNumber === undefined ? [] : [`nvidia,${pNumber}`]),
    `nvidia,tegra${spec.soc.slice(1)}`,
  ];
  const memKB = spec.ramMB * 1024;
  return {
    [BOARD_PATHS.model]: `${input.deviceTreeModel ?? SIM_HARDWARE[input.moduleId].machine}\0`,
    [BOARD_PATHS.compatible]: compatible.map((entry) => `${entry}\0`).join(''),
    [BOARD_PATHS.nvTegraRelease]: nvTegraRelease(input),
    [BOARD_PATHS.meminfo]: `MemTotal:       ${memKB} kB\nMemFree:        ${Math.round(memKB * 0.6)} kB\nMemAvailable:   ${Math.round(memKB * 0.7)} kB\n`,
    [BOARD_PATHS.cpuPossible]: `0-${spec.tegrastatsCpuEntries - 1}\n`,
  };
}

function nvTegraRelease(input: SimBoardFilesInput): string {
  const [major = '0', minor = '0', patch = '0'] = input.l4t.replace(/^R/i, '').split('.');
  const spec = getModule(input.moduleId);
  const board = Number(major) >= 36 ? 'generic' : spec.soc === 't210' ? 't210ref' : 't186ref';
  const gcid = 30_000_000 + ((Number(major) * 1_000_003 + Number(minor) * 7919 + Number(patch) * 104_729) % 9_000_000);
  const lines = [
    `# R${major} (release), REVISION: ${minor}.${patch}, GCID: ${gcid}, BOARD: ${board}, EABI: aarch64, DATE: ${RELEASE_DATES[input.generation]}`,
  ];
  if (Number(major) >= 36) {
    lines.push(
      '# KERNEL_VARIANT: oot',
      'TARGET_USERSPACE_LIB_DIR=nvidia',
      'TARGET_USERSPACE_LIB_DIR_PATH=usr/lib/aarch64-linux-gnu/nvidia',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Fixed board files plus the simulated disk. */
export class SimulatedBoardFiles implements BoardFiles {
  constructor(
    private readonly contents: Readonly<Record<string, string>>,
    private readonly board: SimBoardState,
  ) {}

  readText(path: string): Promise<string | null> {
    return Promise.resolve(this.contents[path] ?? null);
  }

  diskSpace(): Promise<DiskSpace> {
    return Promise.resolve({ totalMB: this.board.diskTotalMB, freeMB: this.board.diskFreeMB });
  }
}
