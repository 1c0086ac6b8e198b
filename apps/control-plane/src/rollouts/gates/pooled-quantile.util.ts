/** One device's distribution: values at increasing probabilities (starting at 0, ending at 1), and its weight. */
export interface QuantileSketch {
  values: readonly number[];
  weight: number;
}

/** The device's CDF at x, interpolating linearly between its quantiles; `left` gives the limit from below. */
function cdf(values: readonly number[], probs: readonly number[], x: number, left: boolean): number {
  let k = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (left ? v < x : v <= x) k = i;
    else break;
  }
  if (k < 0) return 0;
  if (k >= values.length - 1) return 1;
  const lo = values[k] as number;
  const hi = values[k + 1] as number;
  const pLo = probs[k] as number;
  const pHi = probs[k + 1] as number;
  return hi > lo ? pLo + ((pHi - pLo) * (x - lo)) / (hi - lo) : pHi;
}

/**
 * The q-quantile of a weighted mixture of distributions, each known by its quantiles at `probs`.
 * Each device's CDF is piecewise linear between its quantiles, so the mixture's is piecewise linear
 * between the union of all of them: the answer is exact for that model, found on the segment that
 * crosses q (or at a jump, where a device's quantiles coincide).
 */
export function pooledQuantile(
  sketches: readonly QuantileSketch[],
  probs: readonly number[],
  q: number,
): number | null {
  const used = sketches.filter((s) => s.weight > 0 && s.values.length === probs.length && s.values.length > 0);
  const totalWeight = used.reduce((sum, s) => sum + s.weight, 0);
  if (totalWeight === 0) return null;
  const mix = (x: number, left: boolean) =>
    used.reduce((sum, s) => sum + s.weight * cdf(s.values, probs, x, left), 0) / totalWeight;
  const knots = [...new Set(used.flatMap((s) => s.values))].sort((a, b) => a - b);
  let prevX = knots[0] as number;
  let prevF = mix(prevX, false);
  if (prevF >= q) return prevX;
  for (const x of knots.slice(1)) {
    const f = mix(x, false);
    if (f >= q) {
      const fLeft = mix(x, true);
      if (fLeft < q || fLeft <= prevF) return x;
      return prevX + ((q - prevF) / (fLeft - prevF)) * (x - prevX);
    }
    prevX = x;
    prevF = f;
  }
  return knots[knots.length - 1] as number;
}
