import { describe, expect, it } from 'vitest';
import { parseNvpmodelSet } from './nvpmodel-set.parser.js';

const REBOOT_WARN = [
  'NVPM WARN: Reboot required for changing to this power mode: 1',
  'NVPM WARN: DO YOU WANT TO REBOOT NOW? enter YES/yes to confirm:',
];

describe('parseNvpmodelSet', () => {
  it('is ok for a silent exit 0', () => {
    expect(parseNvpmodelSet('', 0)).toEqual({
      kind: 'ok',
      rebootRequired: false,
      modeId: null,
      errors: [],
      warnings: [],
    });
  });

  it('is ok with only a harmless WARN', () => {
    expect(parseNvpmodelSet('NVPM WARN: fan mode is not set!\n', 0).kind).toBe('ok');
  });

  it('needs a reboot when answered no', () => {
    const output = [...REBOOT_WARN, 'NVPM ERROR: optMask is 1, no request for power mode'].join('\n');
    expect(parseNvpmodelSet(output, 1)).toEqual({
      kind: 'reboot_required',
      rebootRequired: true,
      modeId: 1,
      errors: ['optMask is 1, no request for power mode'],
      warnings: [
        'Reboot required for changing to this power mode: 1',
        'DO YOU WANT TO REBOOT NOW? enter YES/yes to confirm:',
      ],
    });
  });

  it('needs a reboot without a TTY (bad input!), CRLF included', () => {
    const output = [
      ...REBOOT_WARN,
      'NVPM ERROR: bad input!',
      'NVPM ERROR: optMask is 1, no request for power mode',
    ].join('\r\n');
    const result = parseNvpmodelSet(output, 255);
    expect(result.kind).toBe('reboot_required');
    expect(result.modeId).toBe(1);
    expect(result.errors).toEqual(['bad input!', 'optMask is 1, no request for power mode']);
  });

  it('needs a reboot even when the prompt printed with exit 0', () => {
    expect(parseNvpmodelSet(REBOOT_WARN.join('\n'), 0).kind).toBe('reboot_required');
  });

  it('flags a mode the conf does not have', () => {
    const result = parseNvpmodelSet('NVPM ERROR: request for bad power mode 2\n', 1);
    expect(result).toMatchObject({ kind: 'bad_mode', modeId: 2, rebootRequired: false });
  });

  it('flags a failed sysfs write', () => {
    const output = [
      'NVPM ERROR: Error writing 1 to /sys/devices/system/cpu/cpu5/online: 16',
      'NVPM ERROR: failed to write PARAM CPU_ONLINE: ARG CORE_5: PATH /sys/devices/system/cpu/cpu5/online',
      'NVPM ERROR: failed to set power mode!',
      'NVPM ERROR: optMask is 1, no request for power mode',
    ].join('\n');
    expect(parseNvpmodelSet(output, 1).kind).toBe('sysfs_write');
  });

  it.each([
    ['errno 13 on open', 'NVPM ERROR: Error opening /sys/devices/system/cpu/cpu5/online: 13'],
    [
      'errno 13 on write',
      'NVPM ERROR: Error writing 0 to /sys/kernel/nvpmodel_clk_cap/emc: 13\nNVPM ERROR: failed to set power mode!',
    ],
    ['permission text', 'nvpmodel: Permission denied'],
  ])('flags a permission problem: %s', (_label, output) => {
    expect(parseNvpmodelSet(output, 1).kind).toBe('permission');
  });

  it.each([
    ['non-zero exit without output', '', 1],
    ['killed (no exit code)', '', null],
    ['exit 0 with an unexplained ERROR line', 'NVPM ERROR: something odd', 0],
    ['garbage', '\u0000\u0001 ???', 2],
  ] as const)('unknown_error: %s', (_label, output, exitCode) => {
    expect(parseNvpmodelSet(output, exitCode).kind).toBe('unknown_error');
  });
});
