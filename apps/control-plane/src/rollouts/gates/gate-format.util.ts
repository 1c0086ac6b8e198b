/**
 * Number formatting for gate reasons. A figure that fails its limit must not print equal to it
 * ("1.20 > 1.20"), so digits are added until the two differ, up to a cap.
 */
export function formatPair(value: number, limit: number, digits: number): [string, string] {
  for (let d = digits; d < digits + 4; d++) {
    const a = value.toFixed(d);
    const b = limit.toFixed(d);
    if (a !== b) return [a, b];
  }
  return [value.toFixed(digits + 4), limit.toFixed(digits + 4)];
}

export const percent = (rate: number): string => `${(rate * 100).toFixed(1)}%`;

export const watts = (w: number): string => `${w.toFixed(2)} W`;

export const millis = (ms: number): string => `${ms.toFixed(1)} ms`;
