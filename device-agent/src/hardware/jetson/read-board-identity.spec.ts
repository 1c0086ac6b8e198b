import { MODULE_IDS, SIM_GENERATION_INFO, SIM_MODULE_GENERATIONS } from '@jetfleet/jetson';
import { describe, expect, it } from 'vitest';
import { HardwareError } from '../hardware-error.js';
import { SimBoardState } from '../simulated/sim-board-state.js';
import { SimulatedBoardFiles, simBoardFileContents } from '../simulated/simulated-board-files.js';
import { BOARD_PATHS } from './board-files.js';
import { readBoardIdentity } from './read-board-identity.js';

const board = new SimBoardState(59_000, 30_000);
const cases = MODULE_IDS.flatMap((moduleId) =>
  SIM_MODULE_GENERATIONS[moduleId].map((generation) => [moduleId, generation] as const),
);

describe('readBoardIdentity', () => {
  it.each(cases)(
    'identifies %s on %s from the simulated device tree and nv_tegra_release',
    async (moduleId, generation) => {
      const l4t = SIM_GENERATION_INFO[generation].l4t;
      const files = new SimulatedBoardFiles(simBoardFileContents({ moduleId, l4t, generation }), board);
      const identity = await readBoardIdentity(files);
      expect(identity.module.id).toBe(moduleId);
      expect(identity.l4t).toBe(l4t);
    },
  );

  it('falls back to the P-number when a carrier vendor changed the model string', async () => {
    const contents = simBoardFileContents({
      moduleId: 'orin-nx-8gb',
      l4t: '36.4.3',
      generation: 'r36',
      deviceTreeModel: 'ACME RoboCarrier X2',
    });
    const identity = await readBoardIdentity(new SimulatedBoardFiles(contents, board));
    expect(identity).toMatchObject({ module: { id: 'orin-nx-8gb' }, jetpack: '6.2', tensorrt: '10.3.0', cuda: '12.6' });
  });

  it('writes /etc/nv_tegra_release in the real grammar', () => {
    const r32 = simBoardFileContents({ moduleId: 'nano-4gb', l4t: '32.7.4', generation: 'r32' });
    expect(r32[BOARD_PATHS.nvTegraRelease]).toMatch(
      /^# R32 \(release\), REVISION: 7\.4, GCID: \d+, BOARD: t210ref, EABI: aarch64, DATE: Thu Jun {2}1 19:12:48 UTC 2023\n$/,
    );
    const r36 = simBoardFileContents({ moduleId: 'orin-nano-8gb', l4t: '36.4.3', generation: 'r36' });
    expect(r36[BOARD_PATHS.nvTegraRelease]).toMatch(
      /^# R36 \(release\), REVISION: 4\.3, .*BOARD: generic,.*\n# KERNEL_VARIANT: oot\n/,
    );
    expect(r36[BOARD_PATHS.model]).toBe('NVIDIA Jetson Orin Nano Developer Kit\0');
    expect(r36[BOARD_PATHS.compatible]).toBe('nvidia,p3768-0000+p3767-0003\0nvidia,p3767-0003\0nvidia,tegra234\0');
  });

  it('refuses a board it cannot identify, unless the module is configured', async () => {
    const files = new SimulatedBoardFiles({ [BOARD_PATHS.model]: 'Raspberry Pi 5 Model B Rev 1.0\0' }, board);
    const error = await readBoardIdentity(files).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(HardwareError);
    expect(error).toMatchObject({ code: 'unidentified_module' });
    const configured = await readBoardIdentity(files, { module: 'orin-nx-16gb', tensorrt: '10.7.0' });
    expect(configured).toMatchObject({ module: { id: 'orin-nx-16gb' }, l4t: null, tensorrt: '10.7.0' });
    expect(configured.warnings).toContain('/etc/nv_tegra_release not readable');
  });
});
