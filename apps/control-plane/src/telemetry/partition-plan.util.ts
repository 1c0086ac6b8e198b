const DAY_MS = 86_400_000;

export interface DailyPartition {
  name: string;
  from: Date;
  to: Date;
}

/** UTC day boundaries, so partition names and ranges never depend on the server's time zone. */
export function dayStart(t: Date): Date {
  return new Date(Math.floor(t.getTime() / DAY_MS) * DAY_MS);
}

export function partitionFor(day: Date): DailyPartition {
  const from = dayStart(day);
  const ymd = from.toISOString().slice(0, 10).replace(/-/g, '');
  return { name: `telemetry_samples_p${ymd}`, from, to: new Date(from.getTime() + DAY_MS) };
}

/** Partitions that should exist: from yesterday (late samples) to `aheadDays` in the future. */
export function partitionsToEnsure(now: Date, aheadDays = 2): DailyPartition[] {
  const out: DailyPartition[] = [];
  for (let d = -1; d <= aheadDays; d++) out.push(partitionFor(new Date(now.getTime() + d * DAY_MS)));
  return out;
}

const NAME = /^telemetry_samples_p(\d{4})(\d{2})(\d{2})$/;

/** Names of existing daily partitions that lie wholly before the retention cut-off. */
export function partitionsToDrop(existing: string[], now: Date, retentionDays: number): string[] {
  const cutoff = dayStart(new Date(now.getTime() - retentionDays * DAY_MS)).getTime();
  return existing.filter((name) => {
    const m = NAME.exec(name);
    if (!m) return false;
    const end = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + DAY_MS;
    return end <= cutoff;
  });
}
