import type { DesiredPowerMode } from '@jetfleet/protocol';
import type { NvpmodelMode } from '../hardware/executors/nvpmodel.executor.js';
import type { HardwareAdapter } from '../hardware/hardware-adapter.js';
import { ReconcileError } from './reconcile-error.js';

/**
 * Sets the nvpmodel mode and returns it as `nvpmodel -q` reads it back. A mode that needs a reboot is never
 * applied here: nvpmodel leaves the mode unchanged when its reboot prompt gets no answer, and this agent does
 * not reboot the board on its own, so `allowReboot` only changes the message the operator reads.
 */
export async function applyPowerMode(
  adapter: HardwareAdapter,
  want: DesiredPowerMode,
  signal: AbortSignal,
): Promise<NvpmodelMode> {
  let outcome;
  try {
    outcome = await adapter.setPowerMode(want.id, signal);
  } catch (err) {
    if (signal.aborted) throw err;
    throw new ReconcileError('power_mode_failed', `nvpmodel -m ${want.id}: ${(err as Error).message}`, { cause: err });
  }
  switch (outcome.status) {
    case 'applied':
      return outcome.mode;
    case 'reboot_required':
      throw new ReconcileError(
        'reboot_required',
        want.allowReboot
          ? `power mode ${want.name} (${want.id}) needs a reboot, which this agent does not perform; the mode is unchanged`
          : `power mode ${want.name} (${want.id}) needs a reboot and the desired state does not allow one; the mode is unchanged`,
      );
    case 'failed':
      throw new ReconcileError(
        outcome.kind === 'bad_mode' ? 'power_mode_unknown' : 'power_mode_failed',
        `nvpmodel -m ${want.id} (${want.name}) failed: ${outcome.kind}${outcome.errors.length ? ` — ${outcome.errors.join('; ')}` : ''}; current mode ${outcome.current?.name ?? 'unknown'}`,
      );
  }
}
