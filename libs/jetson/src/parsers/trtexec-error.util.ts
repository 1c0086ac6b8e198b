import { messageOf, severityOf } from './trtexec-line.util.js';
import type { TrtexecErrorKind } from './trtexec-result.types.js';

export interface TrtexecFailure {
  kind: TrtexecErrorKind;
  summary: string;
}

const OOM = /out of memory/i;
const NVMAP_OOM = /NvMapMemAlloc\w*.*error 12/i;
const UNKNOWN_OPTION = /Unknown option:\s*(\S+)/;
const MISSING_PLUGIN = /could not find plugin\s+([^\s,]+)/i;
const NO_IMPORTER = /No importer registered for op:\s*([^\s.,]+)/i;
const PLUGIN_FAILURE = /could not find plugin|Plugin not found|UNSUPPORTED_NODE/i;
const INCOMPATIBLE = /not compatible with this version of TensorRT|incompatible device|Version tag does not match/i;
const CALIBRATION = /Calibration failure occurred|no scaling factors detected/i;
const INTERNAL =
  /Error Code \d+: Internal Error|could not find any supported formats|Engine could not be created from network|Building engine failed/i;

/**
 * Failure cause from the log, in the reference's order:
 * killed › oom › unknown_option › unsupported_op › engine_incompatible › build_internal › other.
 * Only error lines count, so a `[W]` tactic-memory warning or a harmless `[I] No importer…` never classifies.
 */
export function classifyTrtexecFailure(lines: readonly string[], killed: boolean): TrtexecFailure | null {
  const errorLines = lines.filter((line) => {
    const severity = severityOf(line);
    return severity === 'E' || (severity === null && !line.startsWith('&&&&'));
  });
  const firstError = (pattern: RegExp): string | undefined => errorLines.find((line) => pattern.test(line));

  if (killed) return { kind: 'killed', summary: 'process killed before trtexec finished (kernel OOM killer?)' };

  const oom = firstError(OOM) ?? lines.find((line) => NVMAP_OOM.test(line));
  if (oom !== undefined) return { kind: 'oom', summary: `out of memory: ${messageOf(oom)}` };

  const options = errorLines.flatMap((line) => UNKNOWN_OPTION.exec(line)?.[1] ?? []);
  if (options.length > 0) return { kind: 'unknown_option', summary: `unknown option: ${options.join(', ')}` };

  if (firstError(PLUGIN_FAILURE) !== undefined || firstError(NO_IMPORTER) !== undefined) {
    const op = lastCapture(errorLines, MISSING_PLUGIN) ?? lastCapture(lines, NO_IMPORTER);
    return { kind: 'unsupported_op', summary: `unsupported ONNX op: ${op ?? 'unknown'}` };
  }

  const incompatible = firstError(INCOMPATIBLE);
  if (incompatible !== undefined) return { kind: 'engine_incompatible', summary: messageOf(incompatible) };

  const calibration = firstError(CALIBRATION);
  if (calibration !== undefined) return { kind: 'int8_calibration', summary: messageOf(calibration) };

  const internal = firstError(INTERNAL);
  if (internal !== undefined) return { kind: 'build_internal', summary: messageOf(internal) };

  const first = errorLines.find((line) => severityOf(line) === 'E');
  return first === undefined ? null : { kind: 'other', summary: messageOf(first) };
}

function lastCapture(lines: readonly string[], pattern: RegExp): string | undefined {
  let found: string | undefined;
  for (const line of lines) found = pattern.exec(line)?.[1] ?? found;
  return found;
}
