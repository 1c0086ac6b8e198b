import type { SimJetsonDevice, SimTrtexecModel } from '@jetfleet/jetson';
import type { OutputStream } from '../command/command-runner.js';
import type { SimBoardState } from './sim-board-state.js';

/** What a simulated tool sees: the device, the board, and how the agent runs it. */
export interface SimToolEnv {
  readonly device: SimJetsonDevice;
  readonly board: SimBoardState;
  /** tegrastats prints clocks only as root; nvpmodel -m and jetson_clocks need root. */
  readonly root: boolean;
  /** What the simulator knows about the model behind an ONNX path. */
  readonly modelFor: (onnxPath: string) => SimTrtexecModel;
}

/** The simulated process's side of the pipe. */
export interface SimIo {
  write(stream: OutputStream, text: string): void;
  /** Waits this much simulated time (scaled by the time factor); rejects once the command is stopped. */
  sleep(simSeconds: number): Promise<void>;
  /** Brings the device clock up to the wall clock. */
  sync(): void;
}

export interface SimToolExit {
  readonly exitCode: number | null;
  readonly signal?: NodeJS.Signals;
}

export type SimTool = (args: readonly string[], env: SimToolEnv, io: SimIo) => Promise<SimToolExit>;
