export interface NvTegraRelease {
  /** `R35` → 35; `R00 (debug)` → 0. */
  l4tMajor: number | null;
  /** `<major>.<minor>.<patch>`, e.g. `35.4.1`; null when the line is unreadable or a debug BSP (R00). */
  l4t: string | null;
  /** Raw `REVISION:` value, e.g. `4.1`. */
  revision: string | null;
  /** `release` or `debug` (text in parentheses after the major). */
  buildType: string | null;
  board: string | null;
  gcid: string | null;
  eabi: string | null;
  /** Raw date text; never parsed (format varies, r39 uses a 12-hour clock). */
  date: string | null;
  /** r36+: `# KERNEL_VARIANT: oot`. */
  kernelVariant: string | null;
  /** r36+ `KEY=value` lines such as TARGET_USERSPACE_LIB_DIR. */
  extra: Record<string, string>;
  warnings: string[];
}

const HEADER = /^#\s*R(\d+)\s*(?:\(([^)]*)\))?/i;
const FIELD = /\b(REVISION|GCID|BOARD|EABI|DATE)\s*:\s*([^,]*)/gi;
const KEY_VALUE = /^([A-Z][A-Z0-9_]*)=(.*)$/;
const KERNEL_VARIANT = /^#\s*KERNEL_VARIANT\s*:\s*(\S+)/i;

/** `/etc/nv_tegra_release`. Tolerant: returns what it can read and never throws. */
export function parseNvTegraRelease(text: string): NvTegraRelease {
  const result: NvTegraRelease = {
    l4tMajor: null,
    l4t: null,
    revision: null,
    buildType: null,
    board: null,
    gcid: null,
    eabi: null,
    date: null,
    kernelVariant: null,
    extra: {},
    warnings: [],
  };
  const lines = (typeof text === 'string' ? text : '').split(/\r?\n/).map((line) => line.replace(/\0/g, '').trim());
  const headerIndex = lines.findIndex((line) => HEADER.test(line));
  if (headerIndex === -1) {
    result.warnings.push('no "# R<major>" release line');
  } else {
    readHeader(lines[headerIndex] ?? '', result);
  }
  lines.forEach((line, index) => {
    if (index === headerIndex || line === '') return;
    const variant = KERNEL_VARIANT.exec(line);
    if (variant?.[1] !== undefined) {
      result.kernelVariant = variant[1];
      return;
    }
    const keyValue = KEY_VALUE.exec(line);
    if (keyValue?.[1] !== undefined && keyValue[2] !== undefined) result.extra[keyValue[1]] = keyValue[2].trim();
  });
  return result;
}

function readHeader(line: string, result: NvTegraRelease): void {
  const header = HEADER.exec(line);
  const major = Number(header?.[1]);
  result.l4tMajor = Number.isFinite(major) ? major : null;
  result.buildType = header?.[2]?.trim() ?? null;
  for (const match of line.matchAll(FIELD)) {
    const key = match[1]?.toUpperCase();
    const value = match[2]?.trim() ?? '';
    if (value === '') continue;
    if (key === 'REVISION') result.revision = value;
    else if (key === 'GCID') result.gcid = value;
    else if (key === 'BOARD') result.board = value;
    else if (key === 'EABI') result.eabi = value;
    else if (key === 'DATE') result.date = value;
  }
  if (result.l4tMajor === 0) {
    result.warnings.push('debug BSP (R00): no L4T version');
    return;
  }
  const revision = /^(\d+)(?:\.(\d+))?/.exec(result.revision ?? '');
  if (result.l4tMajor === null || revision?.[1] === undefined) {
    result.warnings.push('no readable REVISION');
    return;
  }
  result.l4t = `${result.l4tMajor}.${revision[1]}.${revision[2] ?? '0'}`;
}
