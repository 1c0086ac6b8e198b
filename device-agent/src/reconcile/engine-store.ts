import path from 'node:path';
import type { HardwareAdapter } from '../hardware/hardware-adapter.js';

/**
 * Engines on the device, one file per content: `<workDir>/engines/<sha256>.engine`. Keying by digest makes
 * "already have it" a lookup, so a rollback, a redelivered rev or an engine fetched ahead by a job skips
 * the download. Files go through the adapter because a simulated board keeps them on its simulated disk.
 */
export class EngineStore {
  readonly dir: string;

  constructor(
    private readonly adapter: HardwareAdapter,
    workDir: string,
  ) {
    this.dir = path.join(workDir, 'engines');
  }

  pathFor(sha256: string): string {
    return path.join(this.dir, `${sha256}.engine`);
  }

  has(sha256: string): Promise<boolean> {
    return this.adapter.hasEngineFile(this.pathFor(sha256));
  }

  /** Bytes must already be sha256-verified against `sha256`. */
  async install(sha256: string, bytes: Buffer): Promise<string> {
    const target = this.pathFor(sha256);
    await this.adapter.installEngineFile(target, bytes);
    return target;
  }

  remove(sha256: string): Promise<void> {
    return this.adapter.removeEngineFile(this.pathFor(sha256));
  }

  /** Deletes every engine here except `keep` (Jetson disks are small); returns the paths removed. */
  async prune(keep: ReadonlySet<string>): Promise<string[]> {
    const keepPaths = new Set([...keep].map((sha) => this.pathFor(sha)));
    const removed: string[] = [];
    for (const file of await this.adapter.listEngineFiles(this.dir)) {
      if (keepPaths.has(file)) continue;
      await this.adapter.removeEngineFile(file);
      removed.push(file);
    }
    return removed;
  }
}
