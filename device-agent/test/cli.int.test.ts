import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/support/processes.js';

const BIN = path.join(REPO_ROOT, 'device-agent/bin/jetfleet-agent.js');

function cli(args: string[], input = ''): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('jetfleet-agent CLI (built binary)', () => {
  it('parses tegrastats lines to one JSON object each, with the board-power rule from rail names', () => {
    const agxOrin =
      '05-30-2023 11:08:44 RAM 2871/62795MB (lfb 14230x4MB) SWAP 0/31398MB (cached 0MB) CPU [3%@1190,1%@1190,off,off] EMC_FREQ 1%@2133 GR3D_FREQ 0%@306 GR3D2_FREQ 0%@306 VIC_FREQ 729 APE 174 CV0@-256C CPU@45.312C tj@45.312C VDD_GPU_SOC 2712mW/2705mW VDD_CPU_CV 591mW/587mW VIN_SYS_5V0 4217mW/4209mW NC 0mW/0mW VDDQ_VDD2_1V8AO 402mW/401mW NC 0mW/0mW';
    const tx2nx = 'RAM 1751/3825MB (lfb 1302x4MB) CPU [2%@499,off] EMC_FREQ 0% GR3D_FREQ 0% PLL@39.5C thermal@38.9C';
    const r = cli(['parse', 'tegrastats'], `${agxOrin}\n${tx2nx}\r\n\n`);
    expect(r.code).toBe(0);
    const [a, b, extra] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(extra).toBeUndefined();
    expect(a).toMatchObject({ ramUsedMB: 2871, totalPowerMw: 2712 + 591 + 4217, gpuLoadPct: 0, gpuFreqMHz: 306 });
    expect(a.cpu).toEqual([{ loadPct: 3, freqMHz: 1190 }, { loadPct: 1, freqMHz: 1190 }, null, null]);
    expect(a.temps).toEqual({ cpu: 45.312, tj: 45.312 });
    expect(a.rails.NC).toBeUndefined();
    expect(b.totalPowerMw).toBeNull();
  });

  it('parses nvpmodel -q and reports a missing mode as an error field', () => {
    const ok = cli(['parse', 'nvpmodel'], 'NV Fan Mode:quiet\nNV Power Mode: MODE_10W_DESKTOP\n5\n');
    expect(JSON.parse(ok.stdout)).toMatchObject({ modeName: 'MODE_10W_DESKTOP', modeId: 5 });
    const bad = cli(['parse', 'nvpmodel'], 'NVPM WARN: power mode is not set!\n');
    expect(JSON.parse(bad.stdout).error).toBeTruthy();
  });

  it('parses a trtexec failure into an error summary', () => {
    const log = [
      '&&&& RUNNING TensorRT.trtexec [TensorRT v100300] # trtexec --onnx=m.onnx --workspace=1024',
      '[11/23/2026-10:00:00] [E] Unknown option: --workspace 1024',
      '&&&& FAILED TensorRT.trtexec [TensorRT v100300] # trtexec --onnx=m.onnx --workspace=1024',
    ].join('\n');
    const r = JSON.parse(cli(['parse', 'trtexec'], log).stdout);
    expect(r.passed).toBe(false);
    expect(r.trtVersion).toMatch(/^10\.3/);
    expect(String(r.errorSummary)).toMatch(/workspace/i);
  });

  it('refuses an unknown tool or module with usage text and exit code 2', () => {
    expect(cli(['parse', 'dmesg']).code).toBe(2);
    const r = cli(['parse', 'tegrastats', '--module', 'jetson-9000'], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('jetson-9000');
  });

  it('computes AP50 on a small COCO dataset (hand-checked: 0.83498)', () => {
    // 2 images, 1 category. Ranked detections: TP (img1), FP (img2, no overlap), TP (img2).
    // Precision/recall: (1, .5), (.5, .5), (.667, 1). 101-point interpolation: recall 0..0.50
    // (51 points) → 1, recall 0.51..1.00 (50 points) → 2/3. AP = (51 + 50·2/3) / 101 = 0.83498.
    const dir = mkdtempSync(path.join(tmpdir(), 'ap50-'));
    const gt = {
      images: [{ id: 1 }, { id: 2 }],
      categories: [{ id: 7, name: 'person' }],
      annotations: [
        { id: 1, image_id: 1, category_id: 7, bbox: [10, 10, 50, 50], area: 2500, iscrowd: 0 },
        { id: 2, image_id: 2, category_id: 7, bbox: [100, 100, 40, 80], area: 3200, iscrowd: 0 },
      ],
    };
    const dets = [
      { image_id: 1, category_id: 7, bbox: [12, 11, 50, 50], score: 0.9 },
      { image_id: 2, category_id: 7, bbox: [300, 300, 20, 20], score: 0.8 },
      { image_id: 2, category_id: 7, bbox: [102, 98, 40, 80], score: 0.7 },
    ];
    writeFileSync(path.join(dir, 'gt.json'), JSON.stringify(gt));
    writeFileSync(path.join(dir, 'dets.json'), JSON.stringify(dets));
    const r = cli(['eval-ap50', '--gt', path.join(dir, 'gt.json'), '--dets', path.join(dir, 'dets.json')]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.ap50).toBeCloseTo((51 + (50 * 2) / 3) / 101, 5);
    expect(out.perCategory.person).toBeCloseTo(out.ap50, 10);

    writeFileSync(
      path.join(dir, 'bad.json'),
      JSON.stringify([{ image_id: 1, category_id: 7, bbox: [1, 2], score: 1 }]),
    );
    const bad = cli(['eval-ap50', '--gt', path.join(dir, 'gt.json'), '--dets', path.join(dir, 'bad.json')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bbox/);
    expect(
      cli(['eval-ap50', '--gt', path.join(dir, 'missing.json'), '--dets', path.join(dir, 'dets.json')]).stderr,
    ).toMatch(/cannot read/);
  });
});
