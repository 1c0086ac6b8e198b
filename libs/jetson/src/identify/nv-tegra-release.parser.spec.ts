import { describe, expect, it } from 'vitest';
import { parseNvTegraRelease } from './nv-tegra-release.parser.js';

describe('parseNvTegraRelease', () => {
  it('reads the r32 Nano example', () => {
    expect(
      parseNvTegraRelease(
        '# R32 (release), REVISION: 7.4, GCID: 33514132, BOARD: t210ref, EABI: aarch64, DATE: Thu Jun  1 19:12:48 UTC 2023\n',
      ),
    ).toEqual({
      l4tMajor: 32,
      l4t: '32.7.4',
      revision: '7.4',
      buildType: 'release',
      board: 't210ref',
      gcid: '33514132',
      eabi: 'aarch64',
      date: 'Thu Jun  1 19:12:48 UTC 2023',
      kernelVariant: null,
      extra: {},
      warnings: [],
    });
  });

  it.each([
    [
      '# R35 (release), REVISION: 5.0, GCID: 35103344, BOARD: t186ref, EABI: aarch64, DATE: Wed Feb 28 02:51:09 UTC 2024',
      35,
      '35.5.0',
      't186ref',
    ],
    [
      '# R35 (release), REVISION: 4.1, GCID: 33958178, BOARD: t186ref, EABI: aarch64, DATE: Tue Aug  1 19:57:35 UTC 2023',
      35,
      '35.4.1',
      't186ref',
    ],
    [
      '# R32 (release), REVISION: 6.1, GCID: 27863751, BOARD: t186ref, EABI: aarch64, DATE: Mon Jul 26 19:36:31 UTC 2021',
      32,
      '32.6.1',
      't186ref',
    ],
    [
      '# R39 (release), REVISION: 2.0, GCID: 41234567, BOARD: generic, EABI: aarch64, DATE: Tue Jul 14 09:28:48 PM UTC 2026',
      39,
      '39.2.0',
      'generic',
    ],
  ])('%s', (line, l4tMajor, l4t, board) => {
    expect(parseNvTegraRelease(line)).toMatchObject({ l4tMajor, l4t, board, warnings: [] });
  });

  it('reads r36+ extra lines', () => {
    const text = [
      '# R36 (release), REVISION: 4.3, GCID: 38968081, BOARD: generic, EABI: aarch64, DATE: Wed Jan  8 01:49:37 UTC 2025',
      '# KERNEL_VARIANT: oot',
      'TARGET_USERSPACE_LIB_DIR=nvidia',
      'TARGET_USERSPACE_LIB_DIR_PATH=usr/lib/aarch64-linux-gnu/nvidia',
      '',
    ].join('\n');
    expect(parseNvTegraRelease(text)).toMatchObject({
      l4tMajor: 36,
      l4t: '36.4.3',
      board: 'generic',
      kernelVariant: 'oot',
      extra: {
        TARGET_USERSPACE_LIB_DIR: 'nvidia',
        TARGET_USERSPACE_LIB_DIR_PATH: 'usr/lib/aarch64-linux-gnu/nvidia',
      },
      warnings: [],
    });
  });

  it('tolerates a debug BSP (R00)', () => {
    const result = parseNvTegraRelease('# R00 (debug), REVISION: 0.0, GCID: , BOARD: generic, EABI: aarch64, DATE: \n');
    expect(result).toMatchObject({
      l4tMajor: 0,
      l4t: null,
      buildType: 'debug',
      board: 'generic',
      gcid: null,
      date: null,
    });
    expect(result.warnings).toEqual(['debug BSP (R00): no L4T version']);
  });

  it('tolerates CRLF and a one-part REVISION', () => {
    expect(parseNvTegraRelease('# R34 (release), REVISION: 1, BOARD: t186ref\r\n').l4t).toBe('34.1.0');
  });

  it.each([
    ['empty', ''],
    ['garbage', 'hello world\n\u0000'],
    ['no revision', '# R35 (release), GCID: 1, BOARD: t186ref'],
    ['bad revision', '# R35 (release), REVISION: x.y, BOARD: t186ref'],
    ['not a string', 5],
  ])('never throws: %s', (_label, input) => {
    const result = parseNvTegraRelease(input as string);
    expect(result.l4t).toBeNull();
    expect(result.warnings.length).toBeGreaterThan(0);
  });
});
