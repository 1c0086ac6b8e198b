import { describe, expect, it } from 'vitest';
import { compatKey } from './compat-key.util.js';

const orin = { smArch: '8.7', tensorrt: '10.3.0' };

describe('compatKey', () => {
  it('is equal for devices that can share an engine', () => {
    expect(compatKey(orin, { precision: 'FP16' })).toBe(compatKey({ ...orin }, { precision: 'FP16' }));
    expect(compatKey(orin, { precision: 'FP16' })).toBe('sm8.7|trt10.3.0|FP16|gpu|shapes:static|plugins:none');
  });

  it('differs by SM arch, exact TensorRT version, precision, DLA core and shape profile', () => {
    const base = compatKey(orin, { precision: 'FP16' });
    const variants = [
      compatKey({ smArch: '7.2', tensorrt: '10.3.0' }, { precision: 'FP16' }),
      compatKey({ smArch: '8.7', tensorrt: '8.5.2' }, { precision: 'FP16' }),
      compatKey({ smArch: '8.7', tensorrt: '10.3.1' }, { precision: 'FP16' }),
      compatKey(orin, { precision: 'INT8' }),
      compatKey(orin, { precision: 'FP16', dlaCore: 0 }),
      compatKey(orin, { precision: 'FP16', dlaCore: 1 }),
      compatKey(orin, { precision: 'FP16', dlaCore: 0, gpuFallback: true }),
      compatKey(orin, {
        precision: 'FP16',
        shapes: { input: 'images', min: [1, 3, 320, 320], opt: [1, 3, 640, 640], max: [4, 3, 640, 640] },
      }),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('does not depend on settings that leave the engine portable across the class', () => {
    expect(compatKey(orin, { precision: 'FP16', memPoolMiB: 2048, cudaGraph: true, timingCache: true })).toBe(
      compatKey(orin, { precision: 'FP16' }),
    );
  });

  it('is null when the device did not report its SM arch or TensorRT version', () => {
    expect(compatKey({ smArch: null, tensorrt: '10.3.0' }, { precision: 'FP16' })).toBeNull();
    expect(compatKey({ smArch: '8.7', tensorrt: null }, { precision: 'FP16' })).toBeNull();
  });
});
