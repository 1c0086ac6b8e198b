interface Window {
  start: number;
  count: number;
}

/**
 * Failures per key (a client address) in fixed one-minute windows. Bounded in size: past
 * `maxKeys` the oldest windows are dropped, so a flood of addresses cannot exhaust memory.
 */
export class FailureWindow {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly windowMs = 60_000,
    private readonly maxKeys = 10_000,
  ) {}

  record(key: string, now: number): number {
    const w = this.current(key, now) ?? { start: now, count: 0 };
    w.count += 1;
    this.windows.delete(key);
    this.windows.set(key, w);
    while (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next().value;
      if (oldest === undefined) break;
      this.windows.delete(oldest);
    }
    return w.count;
  }

  count(key: string, now: number): number {
    return this.current(key, now)?.count ?? 0;
  }

  private current(key: string, now: number): Window | undefined {
    const w = this.windows.get(key);
    if (w && now - w.start >= this.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }
}
