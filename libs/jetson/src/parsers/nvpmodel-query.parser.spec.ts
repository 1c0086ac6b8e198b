import { describe, expect, it } from 'vitest';
import { parseNvpmodelQuery } from './nvpmodel-query.parser.js';

const VERBOSE_AGX_ORIN = [
  'NVPM VERB: Config file: /etc/nvpmodel.conf',
  'NVPM VERB: parsing done for /etc/nvpmodel.conf',
  'NVPM VERB: Current mode: NV Power Mode: MODE_30W',
  '2',
  'NVPM VERB: PARAM CPU_ONLINE: ARG CORE_8: PATH /sys/devices/system/cpu/cpu8/online: REAL_VAL: 0 CONF_VAL: 0',
  'NVPM VERB: PARAM CPU_A78_0: ARG MAX_FREQ: PATH /sys/devices/system/cpu/cpu0/cpufreq/scaling_max_freq: REAL_VAL: 1728000 CONF_VAL: 1728000',
  'NVPM VERB: PARAM GPU: ARG MAX_FREQ: PATH /sys/devices/platform/17000000.gpu/devfreq_dev/max_freq: REAL_VAL: 624750000 CONF_VAL: 624750000',
  'NVPM VERB: PARAM EMC: ARG MAX_FREQ: PATH /sys/kernel/nvpmodel_clk_cap/emc: REAL_VAL: 3199000000 CONF_VAL: 9223372036854775807',
].join('\n');

describe('parseNvpmodelQuery', () => {
  it.each([
    ['plain -q (Orin Nano Super)', 'NV Power Mode: 25W\n1\n', '25W', 1],
    [
      'fan line first (Xavier NX r32)',
      'NV Fan Mode:quiet\nNV Power Mode: MODE_10W_DESKTOP\n5\n',
      'MODE_10W_DESKTOP',
      5,
    ],
    ['two fan lines', 'NV Fan Mode:cool\nNV Fan Mode:quiet\nNV Power Mode: MODE_15W\n2', 'MODE_15W', 2],
    ['verbose output (AGX Orin, r36)', VERBOSE_AGX_ORIN, 'MODE_30W', 2],
    ['CRLF through a pty', 'NV Fan Mode:quiet\r\nNV Power Mode: MAXN_SUPER\r\n0\r\n', 'MAXN_SUPER', 0],
    ['WARN lines around', 'NVPM WARN: Golden image context is already created\nNV Power Mode: 15W\n0\n', '15W', 0],
    ['no trailing newline', 'NV Power Mode: MAXN\n0', 'MAXN', 0],
    ['extra spaces', '  NV Power Mode:   40W  \n  4  \n', '40W', 4],
    ['verbose lines between name and id', 'NV Power Mode: 7W\nNVPM VERB: something\n1\n', '7W', 1],
    ['last mode line wins', 'NV Power Mode: 15W\n0\nNVPM VERB: Current mode: NV Power Mode: 7W\n1\n', '7W', 1],
  ])('%s', (_label, text, modeName, modeId) => {
    const result = parseNvpmodelQuery(text);
    expect(result).toMatchObject({ modeName, modeId, error: null });
  });

  it('keeps trailing NVPM ERROR lines as warnings and the mode valid', () => {
    const text = [
      'NV Power Mode: MODE_15W_6CORE',
      '2',
      'NVPM ERROR: Error opening /sys/devices/system/cpu/cpu6/online: 2',
      'NVPM ERROR: Error opening /sys/devices/system/cpu/cpu7/online: 2',
    ].join('\n');
    expect(parseNvpmodelQuery(text)).toEqual({
      modeName: 'MODE_15W_6CORE',
      modeId: 2,
      error: null,
      warnings: [
        'NVPM ERROR: Error opening /sys/devices/system/cpu/cpu6/online: 2',
        'NVPM ERROR: Error opening /sys/devices/system/cpu/cpu7/online: 2',
      ],
    });
  });

  it('keeps the mode when non-root errors (errno 13) follow', () => {
    const result = parseNvpmodelQuery(
      'NV Power Mode: 25W\n3\nNVPM ERROR: Error opening /sys/kernel/nvpmodel_clk_cap/emc: 13\n',
    );
    expect(result.modeName).toBe('25W');
    expect(result.modeId).toBe(3);
    expect(result.error).toBeNull();
    expect(result.warnings).toHaveLength(1);
  });

  it.each([
    ['empty output', ''],
    ['power mode not set', 'NVPM WARN: power mode is not set!\n'],
    ['fan line only', 'NV Fan Mode:quiet\n'],
    ['name without an id line', 'NV Power Mode: MAXN\nNVPM ERROR: something\n'],
    ['empty name', 'NV Power Mode:\n0\n'],
    ['id line is not an integer', 'NV Power Mode: 15W\nzero\n'],
    ['garbage', '\u0000\u0001 random ::: text'],
  ])('no valid mode: %s', (_label, text) => {
    const result = parseNvpmodelQuery(text);
    expect(result.modeName).toBeNull();
    expect(result.modeId).toBeNull();
    expect(result.error).toBe('no_mode');
    expect(result.warnings.length).toBeGreaterThan(0);
  });

  it('does not throw on a non-string', () => {
    expect(parseNvpmodelQuery(undefined as unknown as string).error).toBe('no_mode');
  });
});
