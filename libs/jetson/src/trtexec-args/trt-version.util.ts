export interface TrtVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** Parses `8.5.2`, `8.5.2.2`, `10.3` or trtexec's banner integers (`8502`, `100300`); null if unreadable. */
export function parseTrtVersion(text: string): TrtVersion | null {
  const trimmed = text.trim().replace(/^v/, '');
  const dotted = /^(\d+)\.(\d+)(?:\.(\d+))?(?:\.\d+)*$/.exec(trimmed);
  if (dotted !== null) {
    return { major: Number(dotted[1]), minor: Number(dotted[2]), patch: Number(dotted[3] ?? 0) };
  }
  if (!/^\d{4,6}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  // 8.x banners encode major*1000 + minor*100 + patch; 10.x encode major*10000 + minor*100 + patch.
  const major = n >= 100000 ? Math.floor(n / 10000) : Math.floor(n / 1000);
  const rest = n >= 100000 ? n % 10000 : n % 1000;
  return { major, minor: Math.floor(rest / 100), patch: rest % 100 };
}

export const trtAtLeast = (version: TrtVersion, major: number, minor = 0): boolean =>
  version.major > major || (version.major === major && version.minor >= minor);
