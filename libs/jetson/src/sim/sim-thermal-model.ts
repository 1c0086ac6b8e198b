import type { SimThermalParams } from './sim-hardware.types.js';

/**
 * First-order die temperature: it approaches ambient + Rth × board power with time constant tau, so a load
 * step shows up in tegrastats over the next minutes rather than at once.
 */
export class SimThermalModel {
  private temperatureC: number;

  constructor(
    private readonly params: SimThermalParams,
    private readonly ambientC: number,
    initialBoardW: number,
  ) {
    this.temperatureC = this.steadyStateC(initialBoardW);
  }

  get dieC(): number {
    return this.temperatureC;
  }

  get throttleC(): number {
    return this.params.throttleC;
  }

  steadyStateC(boardW: number): number {
    return this.ambientC + this.params.rthCPerW * boardW;
  }

  step(boardW: number, seconds: number): void {
    const target = this.steadyStateC(boardW);
    this.temperatureC += (target - this.temperatureC) * (1 - Math.exp(-seconds / this.params.tauS));
  }
}
