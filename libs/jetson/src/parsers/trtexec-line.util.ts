const LOG_PREFIX = /^\[[^\]]*\]\s*\[([IWEV])\]\s*/;

/** Severity tag of a `[MM/DD/YYYY-HH:MM:SS] [I|W|E|V] …` line, or null for untagged lines. */
export const severityOf = (line: string): string | null => LOG_PREFIX.exec(line)?.[1] ?? null;

/** Message text without the timestamp, severity and `[TRT]` prefixes. */
export const messageOf = (line: string): string =>
  line
    .replace(LOG_PREFIX, '')
    .replace(/^\[TRT\]\s*/, '')
    .trim();
