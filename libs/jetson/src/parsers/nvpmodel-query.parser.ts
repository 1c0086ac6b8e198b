import { toLines } from './text-lines.util.js';

export interface NvpmodelQuery {
  modeName: string | null;
  modeId: number | null;
  /** `no_mode` when no `NV Power Mode:` line followed by an integer line was found. */
  error: 'no_mode' | null;
  /** `NVPM ERROR:`/`NVPM WARN:` lines and anything odd; they do not invalidate a mode that was read. */
  warnings: string[];
}

const MODE_MARKER = 'NV Power Mode:';
const INTEGER_LINE = /^\d+$/;

/**
 * `nvpmodel -q` and `nvpmodel -q --verbose` (reference §3.2): the last line containing
 * `NV Power Mode:` names the mode; the first integer-only line after it is the id.
 */
export function parseNvpmodelQuery(text: string): NvpmodelQuery {
  const lines = toLines(text);
  const warnings = lines.filter((line) => /^NVPM (?:ERROR|WARN):/.test(line));
  let markerIndex = -1;
  lines.forEach((line, index) => {
    if (line.includes(MODE_MARKER)) markerIndex = index;
  });
  const noMode = (reason: string): NvpmodelQuery => ({
    modeName: null,
    modeId: null,
    error: 'no_mode',
    warnings: [...warnings, reason],
  });
  if (markerIndex === -1) return noMode('no "NV Power Mode:" line');

  const markerLine = lines[markerIndex] ?? '';
  const name = markerLine.slice(markerLine.lastIndexOf(MODE_MARKER) + MODE_MARKER.length).trim();
  if (name === '') return noMode('empty power mode name');
  const idLine = lines.slice(markerIndex + 1).find((line) => INTEGER_LINE.test(line));
  if (idLine === undefined) return noMode(`power mode "${name}" without an id line`);
  return { modeName: name, modeId: Number(idLine), error: null, warnings };
}
