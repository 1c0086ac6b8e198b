/** Small seeded PRNG (mulberry32) so a simulated device replays identically for a given seed. */
export class SimRandom {
  private state: number;

  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(min: number, maxInclusive: number): number {
    return Math.floor(this.uniform(min, maxInclusive + 1));
  }

  /** Gaussian via Box–Muller. */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Multiplies by (1 ± relative) noise, e.g. jitter(100, 0.02) ∈ [98, 102). */
  jitter(value: number, relative: number): number {
    return value * (1 + this.uniform(-relative, relative));
  }

  /** An independent stream, so adding draws in one subsystem does not shift another's sequence. */
  fork(label: string): SimRandom {
    return new SimRandom((hashString(label) ^ Math.floor(this.next() * 4294967296)) >>> 0);
  }
}

function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
