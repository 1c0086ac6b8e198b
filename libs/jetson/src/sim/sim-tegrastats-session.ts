import type { SimRailReading } from './sim-tegrastats-state.types.js';

/** What a running tegrastats remembers: rail means and maxima since it started, and per-zone max temps (r39). */
export class SimTegrastatsSession {
  private samples = 0;
  private readonly sums = new Map<string, number>();
  private readonly railMax = new Map<string, number>();
  private readonly tempMax = new Map<string, number>();

  reset(): void {
    this.samples = 0;
    this.sums.clear();
    this.railMax.clear();
    this.tempMax.clear();
  }

  record(
    railsMw: Readonly<Record<string, number>>,
    temps: Readonly<Record<string, number>>,
  ): {
    rails: Record<string, SimRailReading>;
    tempMaxC: Record<string, number>;
  } {
    this.samples += 1;
    const rails: Record<string, SimRailReading> = {};
    for (const [name, cur] of Object.entries(railsMw)) {
      const sum = (this.sums.get(name) ?? 0) + cur;
      const max = Math.max(this.railMax.get(name) ?? cur, cur);
      this.sums.set(name, sum);
      this.railMax.set(name, max);
      rails[name] = { curMw: cur, avgMw: Math.round(sum / this.samples), maxMw: max };
    }
    const tempMaxC: Record<string, number> = {};
    for (const [zone, celsius] of Object.entries(temps)) {
      const max = Math.max(this.tempMax.get(zone) ?? celsius, celsius);
      this.tempMax.set(zone, max);
      tempMaxC[zone] = max;
    }
    return { rails, tempMaxC };
  }
}
