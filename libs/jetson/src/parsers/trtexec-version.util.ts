/**
 * trtexec version tag → dotted version. 8.x: major·1000 + minor·100 + patch (`8502` → 8.5.2);
 * 10.x: major·10000 + minor·100 + patch (`100300` → 10.3.0, `101602` → 10.16.2).
 */
export function decodeTrtVersionTag(tag: string | number): string | null {
  const digits = String(tag).trim().replace(/^v/i, '');
  if (!/^\d{4,6}$/.test(digits)) return null;
  const value = Number(digits);
  if (digits.length === 6) {
    return `${Math.floor(value / 10000)}.${Math.floor((value % 10000) / 100)}.${value % 100}`;
  }
  return `${Math.floor(value / 1000)}.${Math.floor((value % 1000) / 100)}.${value % 100}`;
}
