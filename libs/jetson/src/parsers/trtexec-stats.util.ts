import type { TrtexecLatencyStats } from './trtexec-result.types.js';

const NAMED = /\b(min|max|mean|median)\s*=\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*ms/gi;
const PERCENTILE = /percentile\((\d+(?:\.\d+)?)%\)\s*=\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*ms/gi;
const PERCENTILE_KEYS: Readonly<Record<string, keyof TrtexecLatencyStats>> = { '90': 'p90', '95': 'p95', '99': 'p99' };

/** `min = 6.41 ms, max = …, percentile(99%) = 6.80 ms` → the statistics present. */
export function parseStatsLine(text: string): TrtexecLatencyStats {
  const stats: TrtexecLatencyStats = {};
  for (const match of text.matchAll(NAMED)) {
    const key = match[1]?.toLowerCase();
    if (key === 'min' || key === 'max' || key === 'mean' || key === 'median') stats[key] = Number(match[2]);
  }
  for (const match of text.matchAll(PERCENTILE)) {
    const key = PERCENTILE_KEYS[String(Number(match[1]))];
    if (key !== undefined) stats[key] = Number(match[2]);
  }
  return stats;
}
