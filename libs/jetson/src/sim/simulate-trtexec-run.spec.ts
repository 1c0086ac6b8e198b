import { describe, expect, it } from 'vitest';
import { parseTrtexecLog } from '../parsers/index.js';
import { buildTrtexecArgs } from '../trtexec-args/index.js';
import { SimJetsonDevice } from './sim-jetson-device.js';
import { simulateTrtexecRun } from './simulate-trtexec-run.js';

const fp16 = ['--onnx=det.onnx', '--fp16', '--saveEngine=det.engine'];

describe('simulateTrtexecRun', () => {
  it('runs a recipe from buildTrtexecArgs end to end and matches the §6 Orin Nano Super figures', () => {
    const device = new SimJetsonDevice({ moduleId: 'orin-nano-8gb-super', generation: 'r36', modeId: 2 });
    const args = buildTrtexecArgs(
      { onnxPath: 'det.onnx', enginePath: 'det.engine', precision: 'FP16' },
      { trtVersion: device.trtVersion, moduleDlaCores: 0 },
    );
    const result = simulateTrtexecRun(device, args, {}, { seed: 1 });
    const parsed = parseTrtexecLog(result.text, { exitCode: result.exitCode });
    expect(result.outcome).toBe('passed');
    expect(parsed.passed).toBe(true);
    expect(parsed.trtVersion).toBe('10.3.0');
    expect(parsed.gpuComputeMs?.mean).toBeGreaterThan(4.43 * 0.98);
    expect(parsed.gpuComputeMs?.mean).toBeLessThan(4.43 * 1.02);
    expect(parsed.throughputQps).toBeGreaterThan(225.3 * 0.97);
    expect(parsed.throughputQps).toBeLessThan(225.3 * 1.02);
    expect(parsed.engineBuildSec).toBeCloseTo(result.buildSeconds ?? 0, 1);
    expect(result.durationS).toBeGreaterThan(result.buildSeconds ?? 0);
  });

  it('is deterministic per seed', () => {
    const device = new SimJetsonDevice({ moduleId: 'orin-nx-16gb' });
    expect(simulateTrtexecRun(device, fp16, {}, { seed: 3 }).text).toBe(
      simulateTrtexecRun(device, fp16, {}, { seed: 3 }).text,
    );
  });

  it('fails flags TRT 10 removed as unknown options', () => {
    const device = new SimJetsonDevice({ moduleId: 'orin-nx-16gb', generation: 'r36' });
    const result = simulateTrtexecRun(device, [...fp16, '--workspace=2048', '--buildOnly']);
    expect(result.outcome).toBe('unknown_option');
    expect(result.text).toContain('Unknown option: --workspace 2048');
    expect(result.text).toContain('Unknown option: --buildOnly ');
    expect(result.ap50).toBeNull();
  });

  it('accepts the same flags on TRT 8.5', () => {
    const device = new SimJetsonDevice({ moduleId: 'orin-nx-16gb', generation: 'r35' });
    device.setMemoryFragmentation(0);
    expect(simulateTrtexecRun(device, [...fp16, '--workspace=2048', '--buildOnly']).outcome).toBe('passed');
  });

  it('fails on an ONNX op without importer or plugin', () => {
    const device = new SimJetsonDevice({ moduleId: 'agx-orin-64gb' });
    const result = simulateTrtexecRun(device, fp16, { unsupportedOps: ['DeformConv'] });
    expect(parseTrtexecLog(result.text, { exitCode: result.exitCode }).errorKind).toBe('unsupported_op');
  });

  it('gets a Nano 2GB build killed by the kernel OOM killer', () => {
    const device = new SimJetsonDevice({ moduleId: 'nano-2gb' });
    const result = simulateTrtexecRun(device, fp16);
    expect(result).toMatchObject({ outcome: 'killed', exitCode: 137 });
  });

  it('ties CUDA OOM to memory fragmentation (lfb)', () => {
    const outcomes = (fragmentation: number): string[] =>
      Array.from({ length: 20 }, (_, seed) => {
        const device = new SimJetsonDevice({ moduleId: 'orin-nano-8gb' });
        device.setMemoryFragmentation(fragmentation);
        return simulateTrtexecRun(device, fp16, {}, { seed }).outcome;
      });
    expect(outcomes(0)).not.toContain('oom');
    expect(outcomes(0.999).filter((o) => o === 'oom').length).toBeGreaterThan(10);
  });

  it('refuses a plan built by another TensorRT', () => {
    const device = new SimJetsonDevice({ moduleId: 'orin-nx-16gb', generation: 'r36' });
    const result = simulateTrtexecRun(device, ['--loadEngine=det.engine'], { engineTrtVersion: '8.5.2' });
    expect(result.outcome).toBe('engine_incompatible');
    expect(result.text).toContain('expecting library version 10.3.0.0 got 8.5.2.0');
  });

  it('scores uncalibrated INT8 near zero and calibrated INT8 close to FP32', () => {
    const device = new SimJetsonDevice({ moduleId: 'orin-nx-16gb' });
    device.setMemoryFragmentation(0);
    const hints = { fp32Ap50: 0.55 };
    const none = simulateTrtexecRun(device, ['--onnx=d.onnx', '--int8', '--fp16'], { hints });
    const calibrated = simulateTrtexecRun(device, ['--onnx=d.onnx', '--int8', '--fp16', '--calib=d.cache'], { hints });
    expect(none.calibration).toBe('none');
    expect(none.ap50).toBeLessThan(0.05);
    expect(calibrated.ap50).toBeGreaterThan(0.53);
    // Placeholder ranges cost accuracy, not speed.
    expect(calibrated.estimate?.gpuMs).toBe(none.estimate?.gpuMs);
  });

  it('reuses a timing cache to speed up the rebuild', () => {
    const device = new SimJetsonDevice({ moduleId: 'orin-nx-16gb' });
    device.setMemoryFragmentation(0);
    const args = [...fp16, '--timingCacheFile=t.cache'];
    const first = simulateTrtexecRun(device, args);
    const second = simulateTrtexecRun(device, args);
    expect(second.buildSeconds ?? 0).toBeCloseTo((first.buildSeconds ?? 0) * 0.3, 6);
  });

  it('compresses build time with timeFactor and follows --optShapes for the input size', () => {
    const device = new SimJetsonDevice({ moduleId: 'orin-nx-16gb' });
    device.setMemoryFragmentation(0);
    const real = simulateTrtexecRun(device, fp16);
    const fast = simulateTrtexecRun(device, fp16, {}, { timeFactor: 0.01 });
    expect(fast.buildSeconds ?? 0).toBeCloseTo((real.buildSeconds ?? 0) / 100, 6);
    const small = simulateTrtexecRun(device, [...fp16, '--optShapes=images:1x3x320x320']);
    expect(small.estimate?.gpuMs).toBeLessThan((real.estimate?.gpuMs ?? 0) / 2);
    expect(small.text).toContain('Input binding for images with dimensions 1x3x320x320 is created.');
  });
});
