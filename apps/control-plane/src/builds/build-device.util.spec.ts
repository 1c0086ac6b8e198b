import { describe, expect, it } from 'vitest';
import { distinctTargets, toBuildDevice, toOnnxInputs, type BuildDeviceRow } from './build-device.util.js';

const row = (id: string, module: string, hw: Record<string, unknown>, tel: Record<string, unknown> | null = null) =>
  ({ id, module, online: true, hardware: { module, ...hw }, lastTelemetry: tel }) satisfies BuildDeviceRow;

describe('toBuildDevice', () => {
  it('reads the class facts from the birth and prefers the latest reported free disk', () => {
    const d = toBuildDevice(
      row(
        'a',
        'orin-nx-16gb',
        { smArch: '8.7', tensorrt: '10.3.0', dlaCores: 2, diskFreeMB: 9000, ramTotalMB: 15657 },
        {
          diskFreeMB: 1200,
        },
      ),
    );
    expect(d).toEqual({
      id: 'a',
      module: 'orin-nx-16gb',
      online: true,
      smArch: '8.7',
      tensorrt: '10.3.0',
      dlaCores: 2,
      diskFreeMB: 1200,
      ramTotalMB: 15657,
    });
  });

  it('leaves unknown facts null or zero', () => {
    expect(toBuildDevice(row('b', 'x', { smArch: null, tensorrt: '' }))).toMatchObject({
      smArch: null,
      tensorrt: null,
      dlaCores: 0,
      diskFreeMB: 0,
    });
  });
});

describe('distinctTargets', () => {
  it('keeps one target per module, DLA count and TensorRT version', () => {
    const devices = [
      row('a', 'orin-nx-16gb', { tensorrt: '10.3.0', dlaCores: 2 }),
      row('b', 'orin-nx-16gb', { tensorrt: '10.3.0', dlaCores: 2 }),
      row('c', 'orin-nano-8gb', { tensorrt: '10.3.0', dlaCores: 0 }),
    ].map(toBuildDevice);
    expect(distinctTargets(devices)).toEqual([
      { module: 'orin-nano-8gb', dlaCores: 0, tensorrt: '10.3.0' },
      { module: 'orin-nx-16gb', dlaCores: 2, tensorrt: '10.3.0' },
    ]);
  });
});

describe('toOnnxInputs', () => {
  it('keeps fixed dims as numbers and symbolic or unknown ones as dynamic', () => {
    expect(
      toOnnxInputs([
        {
          name: 'images',
          dims: [
            { value: null, param: 'batch' },
            { value: 3, param: null },
            { value: null, param: null },
          ],
        },
        { name: 'scale', dims: null },
      ]),
    ).toEqual([
      { name: 'images', dims: ['batch', 3, null] },
      { name: 'scale', dims: [null] },
    ]);
  });
});
