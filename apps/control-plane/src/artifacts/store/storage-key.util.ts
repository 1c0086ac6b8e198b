import { SHA256_PATTERN } from '../artifact-kind.constant.js';

/** `sha256/ab/abcdef…`: two-character fan-out keeps local directories small. */
export function storageKeyFor(sha256: string): string {
  if (!SHA256_PATTERN.test(sha256)) throw new Error(`not a sha256 digest: ${sha256}`);
  return `sha256/${sha256.slice(0, 2)}/${sha256}`;
}

const KEY_PATTERN = /^sha256\/[a-f0-9]{2}\/[a-f0-9]{64}$/;

/** Guards the stores against keys that could escape their directory or bucket prefix. */
export function assertStorageKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new Error(`not an artifact storage key: ${key}`);
}
