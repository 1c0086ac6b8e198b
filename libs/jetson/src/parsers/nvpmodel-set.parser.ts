import { toLines } from './text-lines.util.js';

export type NvpmodelSetKind = 'ok' | 'reboot_required' | 'bad_mode' | 'sysfs_write' | 'permission' | 'unknown_error';

export interface NvpmodelSetResult {
  kind: NvpmodelSetKind;
  /** True only for `reboot_required`: the mode is unchanged until a reboot. */
  rebootRequired: boolean;
  /** Mode id echoed by nvpmodel (`... power mode: 1`, `bad power mode 9`), if any. */
  modeId: number | null;
  /** Every `NVPM ERROR:` line, without the prefix. */
  errors: string[];
  warnings: string[];
}

const REBOOT = /Reboot required for changing to this power mode(?::\s*(\d+))?/i;
const BAD_MODE = /request for bad power mode\s*(\d+)?/i;
const PERMISSION = /Permission denied|Operation not permitted|EACCES|must be (?:run as )?root|:\s*13\s*$/i;
const SYSFS_WRITE = /Error writing|failed to write PARAM|failed to set power mode/i;

/**
 * `nvpmodel -m <id>` outcome (reference §3.3). Success is exit 0 with no `NVPM ERROR` line;
 * the caller should still confirm with `nvpmodel -q`.
 */
export function parseNvpmodelSet(output: string, exitCode: number | null): NvpmodelSetResult {
  const lines = toLines(output).filter((line) => line !== '');
  const errors = lines.filter((line) => line.startsWith('NVPM ERROR:')).map((line) => line.slice(11).trim());
  const warnings = lines.filter((line) => line.startsWith('NVPM WARN:')).map((line) => line.slice(10).trim());
  const result = (kind: NvpmodelSetKind, modeId: number | null = null): NvpmodelSetResult => ({
    kind,
    rebootRequired: kind === 'reboot_required',
    modeId,
    errors,
    warnings,
  });
  const idFrom = (match: RegExpExecArray | null): number | null => (match?.[1] === undefined ? null : Number(match[1]));

  const reboot = lines.map((line) => REBOOT.exec(line)).find((match) => match !== null) ?? null;
  if (reboot !== null) return result('reboot_required', idFrom(reboot));
  const badMode = errors.map((line) => BAD_MODE.exec(line)).find((match) => match !== null) ?? null;
  if (badMode !== null) return result('bad_mode', idFrom(badMode));
  if (lines.some((line) => PERMISSION.test(line))) return result('permission');
  if (errors.some((line) => SYSFS_WRITE.test(line))) return result('sysfs_write');
  if (exitCode === 0 && errors.length === 0) return result('ok');
  return result('unknown_error');
}
