import { hardwareFactsSchema, telemetrySampleSchema } from '@jetfleet/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ScriptedCommandRunner } from '../command/scripted-command-runner.js';
import { HardwareError } from '../hardware-error.js';
import { BOARD_PATHS, type BoardFiles, type DiskSpace } from './board-files.js';
import { JetsonAdapter } from './jetson.adapter.js';

// Reference §2.7 / §1.3: an AGX Orin 64GB on JetPack 5.1 (r35.2.1), as the real tools print it.
const TEGRASTATS =
  '05-30-2023 11:08:44 RAM 2871/62795MB (lfb 14230x4MB) SWAP 0/31398MB (cached 0MB) CPU [3%@1190,1%@1190,0%@1190,2%@1190,1%@1190,0%@1190,4%@1190,0%@1190,1%@1190,2%@1190,0%@1190,1%@1190] EMC_FREQ 1%@2133 GR3D_FREQ 0%@306 GR3D2_FREQ 0%@306 VIC_FREQ 729 APE 174 CV0@-256C CPU@45.312C Tboard@34C SOC2@41.843C Tdiode@35.5C SOC0@42.156C CV1@-256C GPU@-256C tj@45.312C SOC1@42.593C CV2@-256C VDD_GPU_SOC 2712mW/2705mW VDD_CPU_CV 591mW/587mW VIN_SYS_5V0 4217mW/4209mW NC 0mW/0mW VDDQ_VDD2_1V8AO 402mW/401mW NC 0mW/0mW';

class FixedBoardFiles implements BoardFiles {
  constructor(
    private readonly contents: Record<string, string>,
    public disk: DiskSpace = { totalMB: 59_000.4, freeMB: 20_000.7 },
  ) {}

  readText(path: string): Promise<string | null> {
    return Promise.resolve(this.contents[path] ?? null);
  }

  diskSpace(): Promise<DiskSpace> {
    return Promise.resolve(this.disk);
  }
}

const agxOrinFiles = (
  release = '# R35 (release), REVISION: 2.1, GCID: 32413640, BOARD: t186ref, EABI: aarch64, DATE: Tue Jan 24 23:38:33 UTC 2023\n',
) =>
  new FixedBoardFiles({
    [BOARD_PATHS.model]: 'Jetson AGX Orin\0',
    [BOARD_PATHS.compatible]: 'nvidia,p3737-0000+p3701-0005\0nvidia,p3701-0005\0nvidia,tegra234\0',
    [BOARD_PATHS.nvTegraRelease]: release,
    [BOARD_PATHS.meminfo]: 'MemTotal:       64302428 kB\n',
  });

const adapters: JetsonAdapter[] = [];
afterEach(async () => {
  await Promise.all(adapters.splice(0).map((adapter) => adapter.close()));
});

function adapter(files = agxOrinFiles()) {
  const runner = new ScriptedCommandRunner({
    tegrastats: () => ({ stdout: `${TEGRASTATS}\n`, hang: true }),
    nvpmodel: () => ({ stdout: 'NVPM VERB: Current mode: NV Power Mode: MODE_30W\n2\n' }),
    trtexec: () => ({ exitCode: 1 }),
  });
  const created = new JetsonAdapter({ runner, files, tegrastatsIntervalMs: 1000 });
  adapters.push(created);
  return { runner, adapter: created };
}

describe('JetsonAdapter on real tool output', () => {
  it('reports facts from the device tree, nv_tegra_release, meminfo, statfs and nvpmodel', async () => {
    const facts = await adapter().adapter.facts();
    expect(hardwareFactsSchema.parse(facts)).toEqual({
      module: 'agx-orin-64gb',
      moduleName: 'Jetson AGX Orin 64GB',
      soc: 't234',
      l4t: '35.2.1',
      jetpack: '5.1',
      tensorrt: '8.5.2',
      cuda: '11.4',
      smArch: '8.7',
      dlaCores: 2,
      cpuCores: 12,
      ramTotalMB: 62795,
      diskTotalMB: 59000,
      diskFreeMB: 20000,
      powerMode: 'MODE_30W',
      simulated: false,
    });
  });

  it('samples the AGX Orin board power as the sum of its three rails, without NC or disabled zones', async () => {
    const { adapter: jetson, runner } = adapter();
    const sample = telemetrySampleSchema.parse(await jetson.sample());
    expect(sample.powerMw).toBe(2712 + 591 + 4217);
    expect(Object.keys(sample.rails ?? {})).toEqual(['VDD_GPU_SOC', 'VDD_CPU_CV', 'VIN_SYS_5V0', 'VDDQ_VDD2_1V8AO']);
    expect(sample.temps).not.toHaveProperty('cv0');
    expect(sample.temps).toMatchObject({ cpu: 45.312, tj: 45.312 });
    expect(sample).toMatchObject({ gpuLoadPct: 0, gpuFreqMHz: 306, ramUsedMB: 2871, cpuLoadPct: 1.3 });
    expect(sample).toMatchObject({
      powerMode: 'MODE_30W',
      latencyP95Ms: null,
      fps: null,
      ap50: null,
      diskFreeMB: 20000,
    });
    await jetson.sample();
    // The mode is cached: one `nvpmodel -q` for two samples.
    expect(runner.calls.filter((call) => call.command === 'nvpmodel')).toHaveLength(1);
  });

  it('refuses a build on a nearly full disk without running trtexec', async () => {
    const files = agxOrinFiles();
    files.disk = { totalMB: 59_000, freeMB: 300 };
    const { adapter: jetson, runner } = adapter(files);
    const result = await jetson.buildEngine({ onnxPath: '/m/a.onnx', enginePath: '/e/a.engine', precision: 'FP16' });
    expect(result).toEqual({
      ok: false,
      failure: { kind: 'disk_full', summary: '300 MB free on /; an engine build needs 1024 MB' },
      run: null,
    });
    expect(runner.calls.some((call) => call.command.endsWith('trtexec'))).toBe(false);
  });

  it('cannot build where the L4T table knows no TensorRT and none is configured', async () => {
    const files = agxOrinFiles('# R36 (release), REVISION: 5.0, GCID: 1, BOARD: generic, EABI: aarch64, DATE: x\n');
    const error = await adapter(files)
      .adapter.buildEngine({ onnxPath: 'a.onnx', enginePath: 'a.engine', precision: 'FP16' })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(HardwareError);
    expect(error).toMatchObject({ code: 'unknown_tensorrt' });
  });

  it('is closed for good after close()', async () => {
    const { adapter: jetson } = adapter();
    await jetson.facts();
    await jetson.close();
    await expect(jetson.sample()).rejects.toMatchObject({ code: 'closed' });
  });
});
