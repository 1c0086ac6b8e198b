import type { ModuleId } from '../catalog/module-id.constant.js';
import { computeBoardPower } from './tegrastats-power.util.js';
import type { TegrastatsSample } from './tegrastats-sample.types.js';
import {
  isEngineValue,
  isKey,
  parseCpuEntry,
  parseLoadFreq,
  parseRailValue,
  parseTemperature,
  parseUsedTotal,
} from './tegrastats-token.util.js';

export interface TegrastatsParseOptions {
  /** Known module: its §2.5 power rule is used; otherwise the rule is chosen from the rail names. */
  module?: ModuleId;
}

const TIMESTAMP = /^(\d{2}-\d{2}-\d{4}\s+\d{1,2}:\d{2}:\d{2})(?:\s+|$)/;

/** Keys followed by one value token that the sample does not keep (engine clocks, EMC, APE). */
const SKIPPED_KEYS = new Set([
  'EMC_FREQ',
  'APE',
  'VIC_FREQ',
  'VIC',
  'OFA',
  'NVENC',
  'NVENC1',
  'NVDEC',
  'NVDEC0',
  'NVDEC1',
  'NVJPG',
  'NVJPG0',
  'NVJPG1',
  'MSENC',
  'NVDLA0',
  'NVDLA1',
  'PVA0_FREQ',
  'PVA1_FREQ',
]);

/**
 * One tegrastats line, any generation (JP4 r32 … JP7.2 r39), root or not. Tokens are found by name;
 * the parser never throws and reports what it could not read in `warnings`.
 */
export function parseTegrastatsLine(line: string, opts: TegrastatsParseOptions = {}): TegrastatsSample {
  const sample: TegrastatsSample = {
    timestamp: null,
    ramUsedMB: null,
    ramTotalMB: null,
    swapUsedMB: null,
    swapTotalMB: null,
    cpu: [],
    gpuLoadPct: null,
    gpuFreqMHz: null,
    temps: {},
    rails: {},
    totalPowerMw: null,
    totalPowerAvgMw: null,
    powerRule: { kind: 'unavailable' },
    warnings: [],
  };
  try {
    readTokens(typeof line === 'string' ? line : '', sample);
    Object.assign(sample, computeBoardPower(sample.rails, opts.module, sample.warnings));
  } catch (error) {
    sample.warnings.push(`parser error: ${error instanceof Error ? error.message : String(error)}`);
  }
  return sample;
}

function readTokens(line: string, sample: TegrastatsSample): void {
  const warnings = sample.warnings;
  let text = line.replace(/\0/g, '').trim();
  if (text === '') {
    warnings.push('empty line');
    return;
  }
  const timestamp = TIMESTAMP.exec(text);
  if (timestamp?.[1] !== undefined) {
    sample.timestamp = timestamp[1].replace(/\s+/, ' ');
    text = text.slice(timestamp[0].length);
  }
  const tokens = text.split(/\s+/).filter((token) => token !== '');
  let sawCpu = false;
  let sawGpu = false;
  const gpuFreqs: number[] = [];
  const unknown: string[] = [];

  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] ?? '';
    const next = tokens[i + 1];

    if (token.startsWith('(')) {
      // `(lfb 96x4MB)`, `(cached 0MB)`: fragmentation/cache hints the sample does not keep.
      i = skipGroup(tokens, i, warnings);
      continue;
    }
    if (token === 'RAM' || token === 'SWAP') {
      const value = parseUsedTotal(next);
      if (value === null) {
        warnings.push(`malformed ${token} value "${next ?? ''}"`);
        i += next !== undefined && !isKey(next) ? 2 : 1;
        continue;
      }
      if (token === 'RAM') {
        sample.ramUsedMB = value.used;
        sample.ramTotalMB = value.total;
      } else {
        sample.swapUsedMB = value.used;
        sample.swapTotalMB = value.total;
      }
      i += 2;
      continue;
    }
    if (token === 'IRAM') {
      i = next !== undefined && next.includes('(') && !next.includes(')') ? skipGroup(tokens, i + 1, warnings) : i + 2;
      continue;
    }
    if (token === 'CPU' && next?.startsWith('[') === true) {
      sawCpu = true;
      i = readCpuList(tokens, i + 1, sample);
      continue;
    }
    if (token === 'GR3D_FREQ' || token === 'GR3D2_FREQ') {
      const value = parseLoadFreq(next);
      if (value === null) {
        warnings.push(`malformed ${token} value "${next ?? ''}"`);
        i += next !== undefined && !isKey(next) ? 2 : 1;
        continue;
      }
      sawGpu = true;
      sample.gpuLoadPct = Math.max(sample.gpuLoadPct ?? 0, value.loadPct);
      gpuFreqs.push(...value.freqsMHz);
      i += 2;
      continue;
    }
    if (token === 'MTS') {
      // `MTS fg 0% bg 1%` (TX2, Xavier).
      i += 1;
      while (i < tokens.length && /^(?:fg|bg|\d+(?:\.\d+)?%)$/.test(tokens[i] ?? '')) i += 1;
      continue;
    }
    if (SKIPPED_KEYS.has(token)) {
      if (isEngineValue(next)) {
        i += 2;
      } else {
        warnings.push(`malformed ${token} value "${next ?? ''}"`);
        i += 1;
      }
      continue;
    }
    const temperature = parseTemperature(token);
    if (temperature !== null) {
      // -256C marks a disabled zone (r35).
      if (temperature.celsius !== -256) sample.temps[temperature.zone] = temperature.celsius;
      i += 1;
      continue;
    }
    if (isKey(token)) {
      const rail = parseRailValue(next);
      if (rail !== null) {
        // `NC` = unconnected channel, may occur twice.
        if (token !== 'NC') {
          if (sample.rails[token] !== undefined) warnings.push(`rail ${token} printed twice; kept the last`);
          sample.rails[token] = rail;
        }
        i += 2;
        continue;
      }
      if (next === undefined) {
        warnings.push(`dangling token "${token}" at end of line (truncated?)`);
        i += 1;
        continue;
      }
      if (isEngineValue(next)) {
        unknown.push(token);
        i += 2;
        continue;
      }
    }
    unknown.push(token);
    i += 1;
  }

  if (unknown.length > 0) warnings.push(`unrecognised tokens: ${unknown.join(' ')}`);
  if (sample.ramUsedMB === null) warnings.push('no RAM token');
  if (!sawCpu) warnings.push('no CPU token');
  if (sawGpu && gpuFreqs.length > 0) sample.gpuFreqMHz = Math.max(...gpuFreqs);
}

/** Index after the token that closes a parenthesised group starting at `start`; warns when it never closes. */
function skipGroup(tokens: readonly string[], start: number, warnings: string[]): number {
  let i = start;
  while (i < tokens.length) {
    const token = tokens[i] ?? '';
    // An unclosed group must not swallow the next key.
    if (i > start && isKey(token)) break;
    i += 1;
    if (token.includes(')')) return i;
  }
  warnings.push(`unclosed "(" group at "${tokens[start] ?? ''}"`);
  return i;
}

function readCpuList(tokens: readonly string[], start: number, sample: TegrastatsSample): number {
  let i = start;
  let body = '';
  let closed = false;
  while (i < tokens.length) {
    const token = tokens[i] ?? '';
    // An unclosed list must not swallow the rest of the line.
    if (i > start && (isKey(token) || parseTemperature(token) !== null)) break;
    body += token;
    i += 1;
    if (token.includes(']')) {
      closed = true;
      break;
    }
  }
  if (!closed) sample.warnings.push('CPU list not closed (truncated line?)');
  const inner = body.replace(/^\[/, '').replace(/\].*$/, '');
  if (inner === '') return i;
  inner.split(',').forEach((entry, index) => {
    const core = parseCpuEntry(entry);
    if (core === undefined) {
      // Keep the index aligned with the core number; null is the closest "no reading".
      sample.warnings.push(`unreadable CPU entry ${index} "${entry}"`);
      sample.cpu.push(null);
      return;
    }
    sample.cpu.push(core);
  });
  return i;
}
