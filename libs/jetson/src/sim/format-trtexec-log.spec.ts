import { describe, expect, it } from 'vitest';
import { parseTrtexecLog } from '../parsers/index.js';
import { formatTrtexecLog } from './format-trtexec-log.js';
import type { SimTrtexecOutcome, SimTrtexecTiming, TrtexecLogInput } from './sim-trtexec-log.types.js';
import { summarize } from './sim-trtexec-stats.util.js';

const timing = (gpuMs: number, n: number): SimTrtexecTiming => ({
  gpuMs: Array.from({ length: n }, (_, i) => gpuMs * (1 + 0.004 * Math.sin(i))),
  h2dMs: Array.from({ length: n }, () => 0.65),
  d2hMs: Array.from({ length: n }, () => 0.12),
  enqueueMs: Array.from({ length: n }, () => 1.1),
  warmupQueries: 40,
});

const run = (
  overrides: Partial<TrtexecLogInput> & { outcome?: SimTrtexecOutcome } = {},
): ReturnType<typeof formatTrtexecLog> =>
  formatTrtexecLog({
    moduleId: 'orin-nx-16gb',
    trtVersion: '10.3.0',
    args: ['--onnx=det.onnx', '--fp16', '--saveEngine=det.engine'],
    startTime: new Date(Date.UTC(2025, 7, 19, 16, 40, 3)),
    gpuClockMHz: 918,
    outcome: { kind: 'passed' },
    buildSeconds: 412.3,
    timing: timing(4.4, 600),
    ...overrides,
  });

describe('formatTrtexecLog → parseTrtexecLog', () => {
  it.each(['8.2.1', '8.5.2', '8.6.2', '10.3.0', '10.16.2'])(
    'TRT %s success carries consistent statistics',
    (trtVersion) => {
      const log = run({ trtVersion });
      const parsed = parseTrtexecLog(log.text, { exitCode: log.exitCode });
      const gpu = summarize(timing(4.4, 600).gpuMs);

      expect(log.exitCode).toBe(0);
      expect(parsed).toMatchObject({
        passed: true,
        completed: true,
        trtVersion,
        errorKind: null,
        engineBuildSec: 412.3,
      });
      expect(parsed.gpuComputeMs?.mean).toBeCloseTo(gpu.mean, 4);
      expect(parsed.latencyMs?.mean).toBeCloseTo(gpu.mean + 0.77, 4);
      expect(parsed.latencyMs?.p99).toBeDefined();
      const sequential = trtexecIsSequential(trtVersion);
      const perQuery = sequential ? gpu.mean + 0.77 : gpu.mean;
      expect(parsed.throughputQps ?? 0).toBeCloseTo((1000 / perQuery) * (1 / 1.002), -1);
      if (trtVersion.startsWith('8.2')) {
        expect(parsed.latencyMs?.p90).toBeUndefined();
        expect(log.text).toContain('] [I] End-to-End Host Latency: min = ');
        expect(log.text).toMatch(/\(end to end [\d.]+ ms, enqueue [\d.]+ ms\)/);
      } else {
        expect(parsed.latencyMs?.p90).toBeDefined();
        expect(log.text).not.toContain('End-to-End Host Latency');
      }
    },
  );

  it('prints the version banner, option echo and the final verdict line', () => {
    const text = run({ trtVersion: '8.5.2' }).text;
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(
      '&&&& RUNNING TensorRT.trtexec [TensorRT v8502] # /usr/src/tensorrt/bin/trtexec --onnx=det.onnx --fp16 --saveEngine=det.engine',
    );
    expect(lines.at(-1)).toBe(
      '&&&& PASSED TensorRT.trtexec [TensorRT v8502] # /usr/src/tensorrt/bin/trtexec --onnx=det.onnx --fp16 --saveEngine=det.engine',
    );
    expect(text).toContain('[08/19/2025-16:40:03] [I] === Model Options ===');
    expect(text).toContain('] [I] Precision: FP32+FP16\n');
    expect(text).toContain('] [I] Percentiles: 90,95,99\n');
    expect(text).toContain('] [I] Selected Device: Orin\n');
    expect(text).toContain('] [I] TensorRT version: 8.5.2\n');
    expect(text).toContain('] [I] Engine built in 412.3 sec.\n');
    expect(text).toMatch(/\[08\/19\/2025-16:46:55\] \[I\] Engine built in/);
  });

  it('uses the 10.x banner integer and the 8.0 integer version line', () => {
    expect(run({ trtVersion: '10.3.0' }).text).toContain('[TensorRT v100300]');
    const eight = run({ trtVersion: '8.0.1' }).text;
    expect(eight).toContain('[TensorRT v8001]');
    expect(eight).toContain('] [I] TensorRT version: 8001\n');
    expect(parseTrtexecLog(eight).trtVersion).toBe('8.0.1');
  });

  it('unknown_option: TRT 10 rejects --workspace with the value echoed after a space', () => {
    const log = run({
      args: ['--onnx=det.onnx', '--workspace=4096', '--explicitBatch'],
      outcome: {
        kind: 'unknown_option',
        options: [
          { flag: '--workspace', value: '4096' },
          { flag: '--explicitBatch', value: '' },
        ],
      },
    });
    expect(log.text).toContain('] [E] Unknown option: --workspace 4096\n');
    expect(log.text).toContain('] [E] Unknown option: --explicitBatch \n');
    expect(log.exitCode).toBe(1);
    expect(parseTrtexecLog(log.text, { exitCode: 1 })).toMatchObject({
      passed: false,
      completed: true,
      errorKind: 'unknown_option',
    });
  });

  it('unsupported_op names the missing plugin', () => {
    const log = run({ outcome: { kind: 'unsupported_op', op: 'MMCVModulatedDeformConv2d' } });
    const parsed = parseTrtexecLog(log.text, { exitCode: log.exitCode });
    expect(parsed.errorKind).toBe('unsupported_op');
    expect(parsed.errorSummary).toContain('MMCVModulatedDeformConv2d');
    expect(log.text).toContain('getPluginCreator could not find plugin MMCVModulatedDeformConv2d version 1');
  });

  it.each([
    ['oom', 'oom'],
    ['build_internal', 'build_internal'],
  ] as const)('%s is classified as %s', (kind, expected) => {
    const log = run({ outcome: { kind } });
    expect(log.exitCode).toBe(1);
    expect(parseTrtexecLog(log.text, { exitCode: 1 }).errorKind).toBe(expected);
    expect(log.text).not.toContain('Engine built in');
  });

  it('killed: no final line, shell prints Killed, exit 137', () => {
    const log = run({ moduleId: 'nano-2gb', trtVersion: '8.2.1', outcome: { kind: 'killed' } });
    expect(log.text.trimEnd().split('\n').at(-1)).toBe('Killed');
    expect(log.exitCode).toBe(137);
    expect(parseTrtexecLog(log.text, { exitCode: 137 })).toMatchObject({ completed: false, errorKind: 'killed' });
  });

  it('engine_incompatible when loading a plan from another TensorRT', () => {
    const log = run({
      trtVersion: '8.6.2',
      args: ['--loadEngine=det.engine'],
      outcome: { kind: 'engine_incompatible', expectedVersion: '8.6.2.3', gotVersion: '8.5.2.2' },
    });
    expect(log.text).toContain('expecting library version 8.6.2.3 got 8.5.2.2, please rebuild.');
    expect(parseTrtexecLog(log.text, { exitCode: 1 }).errorKind).toBe('engine_incompatible');
  });

  it('INT8 without a calibration cache builds with placeholder ranges and says so', () => {
    const log = run({ args: ['--onnx=det.onnx', '--int8', '--fp16', '--saveEngine=det.engine'] });
    expect(log.text).toContain('] [I] Calibration: Dynamic\n');
    const parsed = parseTrtexecLog(log.text);
    expect(parsed.passed).toBe(true);
    expect(parsed.notices).toContain('int8_without_calibration');
  });

  it('warns about missing native INT8 on a Nano', () => {
    const log = run({
      moduleId: 'nano-4gb',
      trtVersion: '8.2.1',
      args: ['--onnx=d.onnx', '--int8', '--calib=d.cache'],
    });
    expect(log.text).toContain('] [I] Selected Device: NVIDIA Tegra X1\n');
    expect(parseTrtexecLog(log.text).notices).toContain('int8_without_native_support');
  });

  it('loads an engine without a build and reports zero copies with --noDataTransfers', () => {
    const log = run({ args: ['--loadEngine=det.engine', '--noDataTransfers'], timing: timing(3.14, 300) });
    expect(log.text).not.toContain('Engine built in');
    expect(log.text).toMatch(/Engine deserialized in [\d.]+ sec\./);
    expect(log.text).toContain('] [I] H2D Latency: min = 0 ms, max = 0 ms');
    expect(parseTrtexecLog(log.text).latencyMs?.mean).toBeCloseTo(parseTrtexecLog(log.text).gpuComputeMs?.mean ?? 0, 6);
  });
});

function trtexecIsSequential(version: string): boolean {
  return version.startsWith('8.0') || version.startsWith('8.2');
}
