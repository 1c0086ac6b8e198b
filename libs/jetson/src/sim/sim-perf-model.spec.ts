import { describe, expect, it } from 'vitest';
import { MODULE_CATALOG, type ModuleId } from '../catalog/index.js';
import { estimateInference } from './sim-perf-model.js';
import type { SimPrecision } from './sim-model-hints.types.js';

const gpuMs = (
  moduleId: ModuleId,
  gpuMHz: number,
  precision: SimPrecision,
  extra: { latencyScale?: number; size?: number } = {},
): number =>
  estimateInference({
    moduleId,
    gpuMHz,
    precision,
    inputSize: extra.size ?? 640,
    ...(extra.latencyScale === undefined ? {} : { hints: { latencyScale: extra.latencyScale } }),
  }).gpuMs;

describe('estimateInference calibration (reference §6)', () => {
  it('reproduces Orin Nano Super MAXN_SUPER YOLOv8n GPU 8.36 / 4.43 / 3.49 ms and 119.5 / 225.3 / 286.2 FPS', () => {
    const rows: [SimPrecision, number, number][] = [
      ['FP32', 8.36, 119.5],
      ['FP16', 4.43, 225.3],
      ['INT8', 3.49, 286.2],
    ];
    for (const [precision, ms, fps] of rows) {
      const estimate = estimateInference({ moduleId: 'orin-nano-8gb-super', gpuMHz: 1020, precision, inputSize: 640 });
      expect(estimate.gpuMs).toBeCloseTo(ms, 2);
      expect(estimate.fps).toBeGreaterThan(fps * 0.98);
      expect(estimate.fps).toBeLessThan(fps * 1.02);
    }
  });

  it('host latency adds the measured H2D + D2H (5.20 ms host at FP16)', () => {
    expect(
      estimateInference({ moduleId: 'orin-nano-8gb-super', gpuMHz: 1020, precision: 'FP16', inputSize: 640 }).hostMs,
    ).toBeCloseTo(5.2, 2);
  });

  it('reproduces AGX Xavier MODE_15W_DESKTOP YOLOv8n 9.28 / 6.82 ms (FP16 / INT8)', () => {
    expect(gpuMs('agx-xavier-32gb', 670, 'FP16')).toBeCloseTo(9.28, 2);
    expect(gpuMs('agx-xavier-32gb', 670, 'INT8')).toBeCloseTo(6.82, 2);
  });

  it('keeps Nano FP32/FP16 at 153.3/93.7 and gives INT8 no gain', () => {
    expect(gpuMs('nano-4gb', 921.6, 'FP32') / gpuMs('nano-4gb', 921.6, 'FP16')).toBeCloseTo(153.3 / 93.7, 6);
    expect(gpuMs('nano-4gb', 921.6, 'INT8')).toBe(gpuMs('nano-4gb', 921.6, 'FP16'));
  });

  it('cross-checks Idein YOLOX-S FP16 on Orin Nano 15W (GPU 10.18 ms) with a 1.49× model', () => {
    expect(gpuMs('orin-nano-8gb', 624.75, 'FP16', { latencyScale: 1.49 })).toBeGreaterThan(10.18 * 0.95);
    expect(gpuMs('orin-nano-8gb', 624.75, 'FP16', { latencyScale: 1.49 })).toBeLessThan(10.18 * 1.05);
  });

  it('cross-checks yolo_deepstream YOLOv7 on AGX Orin 64GB MAXN: FP16 126 FPS, INT8 180 FPS (±15 %)', () => {
    const fp16 = 1000 / gpuMs('agx-orin-64gb', 1300.5, 'FP16', { latencyScale: 4.9 });
    const int8 = 1000 / gpuMs('agx-orin-64gb', 1300.5, 'INT8', { latencyScale: 4.9 });
    expect(fp16).toBeGreaterThan(126 * 0.85);
    expect(fp16).toBeLessThan(126 * 1.15);
    expect(int8).toBeGreaterThan(180 * 0.85);
    expect(int8).toBeLessThan(180 * 1.15);
  });

  it('makes Xavier NX ≈ 1.4× slower than AGX Xavier at their maximum clocks (OE4T MNIST 0.574 / 0.402)', () => {
    const ratio = gpuMs('xavier-nx-8gb', 1100, 'FP16') / gpuMs('agx-xavier-32gb', 1377, 'FP16');
    expect(ratio).toBeGreaterThan(1.3);
    expect(ratio).toBeLessThan(1.7);
  });

  it('orders modules sensibly at their top clocks', () => {
    const top = (id: ModuleId, mhz: number): number => gpuMs(id, mhz, 'FP16');
    expect(top('agx-orin-64gb', 1300.5)).toBeLessThan(top('orin-nx-16gb', 918));
    expect(top('orin-nx-16gb', 918)).toBeLessThan(top('orin-nano-4gb', 624.75));
    expect(top('orin-nano-4gb', 624.75)).toBeLessThan(top('tx2', 1300));
    expect(top('tx2', 1300)).toBeLessThan(top('nano-4gb', 921.6));
    expect(MODULE_CATALOG['orin-nano-4gb'].smCount).toBe(4);
  });

  it('scales work with pixels and clock, not the fixed floor', () => {
    const big = gpuMs('orin-nx-16gb', 918, 'FP16');
    const small = gpuMs('orin-nx-16gb', 918, 'FP16', { size: 320 });
    // floor 0.6 ms + work/4
    expect(small).toBeCloseTo(0.6 + (big - 0.6) / 4, 6);
    expect(gpuMs('orin-nx-16gb', 459, 'FP16')).toBeCloseTo(0.6 + (big - 0.6) * 2, 6);
  });

  it('uses host latency for throughput on sequential (8.0/8.2) runs', () => {
    const input = { moduleId: 'nano-4gb', gpuMHz: 921.6, precision: 'FP16', inputSize: 640 } as const;
    const sequential = estimateInference({ ...input, overlapTransfers: false });
    expect(sequential.fps).toBeCloseTo(1000 / sequential.hostMs, 6);
  });
});
