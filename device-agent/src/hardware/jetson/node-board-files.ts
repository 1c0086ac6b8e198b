import { readFile, statfs } from 'node:fs/promises';
import type { BoardFiles, DiskSpace } from './board-files.js';

const MB = 1024 * 1024;

/** The real file system. */
export class NodeBoardFiles implements BoardFiles {
  async readText(path: string): Promise<string | null> {
    try {
      // latin1: device-tree strings are bytes with NULs, never multi-byte text.
      return await readFile(path, 'latin1');
    } catch {
      return null;
    }
  }

  async diskSpace(path: string): Promise<DiskSpace> {
    const stats = await statfs(path);
    return { totalMB: (stats.blocks * stats.bsize) / MB, freeMB: (stats.bavail * stats.bsize) / MB };
  }
}
