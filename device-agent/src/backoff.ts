export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** 0..1: how much of each delay is randomised, so a fleet does not reconnect in lockstep. */
  jitter: number;
}

/** Capped exponential backoff with jitter. Pure: the caller owns the attempt counter. */
export function backoffDelay(attempt: number, opts: BackoffOptions, random: () => number = Math.random): number {
  const base = Math.min(opts.maxMs, opts.initialMs * 2 ** Math.max(0, attempt));
  const spread = base * opts.jitter;
  return Math.round(base - spread + random() * spread);
}
