export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of a list of milliseconds (the list is sorted in place). */
export function summarize(values: number[] | Float64Array): LatencySummary {
  const a = Float64Array.from(values).sort();
  const at = (q: number): number =>
    a.length ? a[Math.min(a.length - 1, Math.max(0, Math.ceil(q * a.length) - 1))]! : NaN;
  return {
    count: a.length,
    p50: Math.round(at(0.5)),
    p90: Math.round(at(0.9)),
    p99: Math.round(at(0.99)),
    max: Math.round(a.length ? a[a.length - 1]! : NaN),
  };
}

/** A growable list of numbers that does not box them (latencies of a few million messages). */
export class NumberList {
  private buf = new Float64Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  values(): Float64Array {
    return this.buf.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }
}

export const ratio = (jetfleet: number, baseline: number): number =>
  baseline > 0 ? Math.round((jetfleet / baseline) * 1000) / 1000 : NaN;
