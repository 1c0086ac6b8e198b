import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** bench/src/lib (type checking) and bench/dist/lib (run time) are both three levels below the root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BENCH_DIST = path.join(REPO_ROOT, 'bench/dist');
export const RESULTS_DIR = path.join(REPO_ROOT, 'bench/results');
/** Logs, broker configs and CPU profiles of a run; `.data/` is git-ignored. */
export const WORK_DIR = path.join(REPO_ROOT, '.data/bench');

/**
 * Loads a module of the built control plane (which has no package exports) at run time.
 * Callers pass the type of the matching source module, so type checking needs no build:
 * `await importRepo<typeof import('../../../apps/control-plane/src/x.js')>('apps/control-plane/dist/x.js')`.
 */
export function importRepo<T>(relativePath: string): Promise<T> {
  return import(pathToFileURL(path.join(REPO_ROOT, relativePath)).href) as Promise<T>;
}
