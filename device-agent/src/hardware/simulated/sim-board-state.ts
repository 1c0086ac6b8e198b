import type { SimCalibration, SimPrecision, SimTrtexecModel } from '@jetfleet/jetson';
import type { SimBuildFault } from './sim-fault.types.js';

/** An engine file on the simulated disk and what the simulator knows about how it was built. */
export interface SimEngineFile {
  readonly trtVersion: string;
  readonly sizeMB: number;
  readonly model: SimTrtexecModel;
  readonly precision: SimPrecision;
  readonly calibration: SimCalibration;
  readonly input: { readonly width: number; readonly height: number };
  /** AP50 the engine scores on its evaluation set. */
  readonly ap50: number | null;
}

/** Free space left while the disk-full fault is on: less than any engine. */
const DISK_FULL_FREE_MB = 3;

/** Board state outside the SoC model: disk, engine files, jetson_clocks store files, pending faults. */
export class SimBoardState {
  readonly engines = new Map<string, SimEngineFile>();
  /** jetson_clocks `--store` files → whether clocks were pinned when stored. */
  readonly storedClocks = new Map<string, boolean>();
  diskFull = false;
  private freeMB: number;
  private buildFault: SimBuildFault | null = null;

  constructor(
    readonly diskTotalMB: number,
    diskFreeMB: number,
  ) {
    this.freeMB = Math.min(diskFreeMB, diskTotalMB);
  }

  get diskFreeMB(): number {
    return this.diskFull ? Math.min(this.freeMB, DISK_FULL_FREE_MB) : this.freeMB;
  }

  /** Writes (or replaces) a file; false when it does not fit. */
  writeEngine(path: string, engine: SimEngineFile): boolean {
    const replaced = this.engines.get(path)?.sizeMB ?? 0;
    if (engine.sizeMB > this.diskFreeMB + replaced) return false;
    this.freeMB += replaced - engine.sizeMB;
    this.engines.set(path, engine);
    return true;
  }

  /** Deletes a file and gives its space back; false when there was none. */
  removeEngine(path: string): boolean {
    const engine = this.engines.get(path);
    if (engine === undefined) return false;
    this.freeMB += engine.sizeMB;
    this.engines.delete(path);
    return true;
  }

  armBuildFault(fault: SimBuildFault | null): void {
    this.buildFault = fault;
  }

  /** The pending build fault, consumed. */
  takeBuildFault(): SimBuildFault | null {
    const fault = this.buildFault;
    this.buildFault = null;
    return fault;
  }
}
