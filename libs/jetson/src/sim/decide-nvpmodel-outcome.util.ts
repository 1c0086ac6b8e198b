import { switchNeedsReboot, type PowerMode, type SocId } from '../catalog/index.js';
import type { SimNvpmodelSetOutcome } from './format-nvpmodel-set.js';

export interface SimNvpmodelRequest {
  /** stdin is a terminal (ssh -t, console); agent spawns usually have none. */
  readonly tty?: boolean;
  /** Reply typed at the reboot prompt. */
  readonly answer?: string;
  readonly root?: boolean;
}

/**
 * `nvpmodel -m` decision (reference §3.1 reboot rule, §3.3 outcomes). A prompt is only answered on a TTY and only
 * `YES`/`yes` reboots; anything else leaves the mode unchanged.
 */
export function decideNvpmodelOutcome(
  soc: SocId,
  current: PowerMode,
  target: PowerMode | undefined,
  request: SimNvpmodelRequest,
  sysfsFailure: boolean,
): SimNvpmodelSetOutcome {
  if (request.root === false) return 'permission';
  if (target === undefined) return 'bad_mode';
  if (sysfsFailure) return 'sysfs_write';
  if (!switchNeedsReboot(soc, current, target)) return 'applied';
  if (request.tty !== true) return 'reboot_no_tty';
  return /^yes$/i.test(request.answer?.trim() ?? '') ? 'reboot_accepted' : 'reboot_declined';
}
