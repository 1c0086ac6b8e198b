import { L4T_RELEASES, type L4tInfo } from './l4t-release.constant.js';

const VERSION = /^\s*R?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/i;

/**
 * JetPack / TensorRT / CUDA for an L4T version such as `36.4.3`, `35.5` or `R32.7.4`.
 * A two-part table key matches only patch 0 (36.4 is not 36.4.3); r38 matches as a whole line.
 */
export function l4tInfo(version: string): L4tInfo | undefined {
  const match = VERSION.exec(version);
  if (match === null) return undefined;
  const major = Number(match[1]);
  const minor = match[2] === undefined ? null : Number(match[2]);
  const patch = match[3] === undefined ? 0 : Number(match[3]);
  const candidates: string[] = [];
  if (minor !== null) {
    candidates.push(`${major}.${minor}.${patch}`);
    if (patch === 0) candidates.push(`${major}.${minor}`);
  }
  candidates.push(`${major}`);
  for (const key of candidates) {
    const info = L4T_RELEASES[key];
    if (info !== undefined) return info;
  }
  return undefined;
}
