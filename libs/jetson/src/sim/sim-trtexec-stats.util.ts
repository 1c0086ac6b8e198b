export interface SimStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly median: number;
  /** Percentile → value; trtexec takes the sample at floor(N·p/100), so p99 = max for ≤ 100 queries. */
  percentile(p: number): number;
}

export function summarize(samples: readonly number[]): SimStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const at = (i: number): number => sorted[Math.min(n - 1, Math.max(0, i))] ?? 0;
  const mean = n === 0 ? 0 : sorted.reduce((sum, x) => sum + x, 0) / n;
  const median = n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
  return {
    min: at(0),
    max: at(n - 1),
    mean,
    median,
    percentile: (p) => at(Math.floor((n * p) / 100)),
  };
}

/** C++ ostream default formatting (`%g`, 6 significant digits), as trtexec prints every number. */
export function formatG6(value: number): string {
  if (value === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 6) {
    const [mantissa, exp] = value.toExponential(5).split('e');
    const trimmed = (mantissa ?? '').replace(/\.?0+$/, '');
    const sign = (exp ?? '+0').startsWith('-') ? '-' : '+';
    return `${trimmed}e${sign}${(exp ?? '0').replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return String(Number(value.toPrecision(6)));
}
