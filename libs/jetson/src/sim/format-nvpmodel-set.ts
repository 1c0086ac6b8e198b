import type { ModuleId } from '../catalog/index.js';
import type { SimGeneration } from './sim-generation.constant.js';
import type { SimModeClocks } from './sim-mode-clocks.util.js';
import { cpuOnlinePath, simSysfsPaths } from './sim-sysfs-paths.util.js';

/** What `nvpmodel -m <id>` did (reference §3.3). */
export type SimNvpmodelSetOutcome =
  'applied' | 'reboot_accepted' | 'reboot_declined' | 'reboot_no_tty' | 'bad_mode' | 'sysfs_write' | 'permission';

export interface NvpmodelSetFormatInput {
  readonly outcome: SimNvpmodelSetOutcome;
  readonly requestedId: number;
  readonly moduleId: ModuleId;
  readonly generation: SimGeneration;
  /** Target mode clocks, for the value a failed sysfs write names. */
  readonly target?: SimModeClocks;
}

export interface SimCommandOutput {
  readonly output: string;
  readonly exitCode: number;
}

const OPT_MASK = 'NVPM ERROR: optMask is 1, no request for power mode';

/**
 * Output and exit status of `nvpmodel -m`. Exit codes are not documented (§3.2 "?"): a prompt that changes
 * nothing still exits 0 here, so callers must treat any `NVPM ERROR` line as failure, as the agent rule says.
 */
export function formatNvpmodelSet(input: NvpmodelSetFormatInput): SimCommandOutput {
  const id = input.requestedId;
  const prompt = [
    `NVPM WARN: Reboot required for changing to this power mode: ${id}`,
    'NVPM WARN: DO YOU WANT TO REBOOT NOW? enter YES/yes to confirm:',
  ];
  const out = (lines: readonly string[], exitCode: number): SimCommandOutput => ({
    output: lines.length === 0 ? '' : `${lines.join('\n')}\n`,
    exitCode,
  });
  switch (input.outcome) {
    case 'applied':
      return out([], 0);
    case 'reboot_accepted':
      return out(prompt, 0);
    case 'reboot_declined':
      return out([...prompt, OPT_MASK], 0);
    case 'reboot_no_tty':
      return out([...prompt, 'NVPM ERROR: bad input!', OPT_MASK], 0);
    case 'bad_mode':
      return out([`NVPM ERROR: request for bad power mode ${id}`], 255);
    case 'sysfs_write': {
      const path = simSysfsPaths(input.moduleId, input.generation).gpuMaxFreq;
      const value = Math.round((input.target?.gpuMaxMHz ?? 0) * 1e6);
      return out(
        [
          `NVPM ERROR: Error writing ${value} to ${path}: 22`,
          `NVPM ERROR: failed to write PARAM GPU: ARG MAX_FREQ: PATH ${path}: VAL: ${value}`,
          'NVPM ERROR: failed to set power mode!',
          OPT_MASK,
        ],
        255,
      );
    }
    case 'permission':
      // Exact non-root text is not captured (§3.3 "?"); errno 13 (EACCES) on the first sysfs file.
      return out([`NVPM ERROR: Error opening ${cpuOnlinePath(1)}: 13`, 'NVPM ERROR: failed to set power mode!'], 255);
  }
}
