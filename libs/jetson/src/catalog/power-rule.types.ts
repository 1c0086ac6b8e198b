/** How the board (total) power is derived from tegrastats rails (reference §2.5). */
export type PowerRule =
  { kind: 'rail'; rail: string } | { kind: 'sum'; rails: readonly string[] } | { kind: 'unavailable' };
