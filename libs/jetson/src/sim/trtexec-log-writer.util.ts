/** Accumulates `[MM/DD/YYYY-HH:MM:SS] [I] msg` lines on a simulated clock. */
export class TrtexecLogWriter {
  private readonly lines: string[] = [];
  private nowMs: number;

  constructor(start: Date) {
    this.nowMs = start.getTime();
  }

  advance(seconds: number): void {
    this.nowMs += seconds * 1000;
  }

  nowTime(): Date {
    return new Date(this.nowMs);
  }

  raw(line: string): void {
    this.lines.push(line);
  }

  info(message: string): void {
    this.lines.push(`${this.stamp()} [I] ${message}`);
  }

  warn(message: string): void {
    this.lines.push(`${this.stamp()} [W] ${message}`);
  }

  error(message: string): void {
    this.lines.push(`${this.stamp()} [E] ${message}`);
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }

  private stamp(): string {
    const t = new Date(this.nowMs);
    const p = (n: number): string => String(n).padStart(2, '0');
    return `[${p(t.getUTCMonth() + 1)}/${p(t.getUTCDate())}/${t.getUTCFullYear()}-${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}]`;
  }
}
