/**
 * Wait before dispatching a build that has already made `attemptsMade` attempts: none for the
 * first, then base, 2×base, 4×base… (capped at an hour).
 */
export function retryDelayMs(attemptsMade: number, baseMs: number): number {
  if (attemptsMade <= 0) return 0;
  return Math.min(baseMs * 2 ** (attemptsMade - 1), 3_600_000);
}

/**
 * A queued build is due once its backoff has passed since it was (re)queued. Computed from the
 * row alone, so the retry schedule survives any process restart.
 */
export function isDue(queuedAt: Date, attemptsMade: number, baseMs: number, now: Date): boolean {
  return queuedAt.getTime() + retryDelayMs(attemptsMade, baseMs) <= now.getTime();
}
