import type { TegrastatsCpuCore, TegrastatsRail } from './tegrastats-sample.types.js';

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const USED_TOTAL = /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)(kB|MB|GB)(?:\(.*)?$/i;
const LOAD_FREQ = /^(\d+(?:\.\d+)?)%(?:@(.*))?$/;
const TEMPERATURE = new RegExp(`^([A-Za-z][A-Za-z0-9_]*)@(${NUMBER})C(?:/(${NUMBER})C)?$`);
const RAIL_VALUE = /^(\d+(?:\.\d+)?)(?:mW)?\/(\d+(?:\.\d+)?)(?:mW)?(?:\/(\d+(?:\.\d+)?)(?:mW)?)?$/;
const ENGINE_VALUE = /^(?:off|\d+(?:\.\d+)?(?:%(?:@\[?[\d.,]*\]?)?)?)$/i;
const KEY = /^[A-Z][A-Z0-9_]*$/;

const toMB = (value: number, unit: string): number => {
  const lower = unit.toLowerCase();
  if (lower === 'kb') return value / 1024;
  if (lower === 'gb') return value * 1024;
  return value;
};

/** `1467/3964MB` (IRAM's `0/252kB(lfb` too) → MB. */
export function parseUsedTotal(token: string | undefined): { used: number; total: number } | null {
  const match = USED_TOTAL.exec(token ?? '');
  if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) return null;
  return { used: toMB(Number(match[1]), match[3]), total: toMB(Number(match[2]), match[3]) };
}

/** `71%@[918]`, `0%@306`, `77%@[1300,1300]`, `54%`: load plus every clock printed (empty when no `@`). */
export function parseLoadFreq(token: string | undefined): { loadPct: number; freqsMHz: number[] } | null {
  const match = LOAD_FREQ.exec(token ?? '');
  if (match?.[1] === undefined) return null;
  const freqText = match[2];
  if (freqText === undefined) return { loadPct: Number(match[1]), freqsMHz: [] };
  const inner = freqText.replace(/^\[/, '').replace(/\]$/, '');
  const freqsMHz = inner
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(Number);
  if (freqsMHz.some((freq) => !Number.isFinite(freq))) return null;
  return { loadPct: Number(match[1]), freqsMHz };
}

/** One `CPU [...]` entry: `8%@1036`, `off` (→ null), or undefined when unreadable. */
export function parseCpuEntry(entry: string): TegrastatsCpuCore | null | undefined {
  const trimmed = entry.trim();
  if (trimmed.toLowerCase() === 'off') return null;
  const parsed = parseLoadFreq(trimmed);
  if (parsed === null || parsed.freqsMHz.length > 1) return undefined;
  return { loadPct: parsed.loadPct, freqMHz: parsed.freqsMHz[0] ?? null };
}

/** `cpu@45.937C` or r39 `cpu@45.937C/47.125C` → zone and current °C. */
export function parseTemperature(token: string): { zone: string; celsius: number } | null {
  const match = TEMPERATURE.exec(token);
  if (match?.[1] === undefined || match[2] === undefined) return null;
  return { zone: match[1].toLowerCase(), celsius: Number(match[2]) };
}

/** r32 `1984/1951`, r35+ `2712mW/2705mW`, r39 `4417mW/4620mW/5311mW`. */
export function parseRailValue(token: string | undefined): TegrastatsRail | null {
  const match = RAIL_VALUE.exec(token ?? '');
  if (match?.[1] === undefined || match[2] === undefined) return null;
  const rail: TegrastatsRail = { curMw: Number(match[1]), avgMw: Number(match[2]) };
  if (match[3] !== undefined) rail.maxMw = Number(match[3]);
  return rail;
}

export const isEngineValue = (token: string | undefined): boolean => ENGINE_VALUE.test(token ?? '');

export const isKey = (token: string | undefined): boolean => KEY.test(token ?? '');
