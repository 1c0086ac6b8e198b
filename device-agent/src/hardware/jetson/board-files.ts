/** The files the adapter reads to identify the board (reference §1.2–1.3), plus free disk space. */
export const BOARD_PATHS = {
  model: '/proc/device-tree/model',
  compatible: '/proc/device-tree/compatible',
  dtsFilename: '/proc/device-tree/nvidia,dtsfilename',
  nvTegraRelease: '/etc/nv_tegra_release',
  meminfo: '/proc/meminfo',
  cpuPossible: '/sys/devices/system/cpu/possible',
} as const;

export interface DiskSpace {
  readonly totalMB: number;
  readonly freeMB: number;
}

/** File access behind an interface so the simulated board serves the same paths with the same content. */
export interface BoardFiles {
  /** File content, or null when it does not exist or cannot be read. */
  readText(path: string): Promise<string | null>;
  /** Space available to this (non-root) process on the file system holding `path`. */
  diskSpace(path: string): Promise<DiskSpace>;
}
