import { describe, expect, it } from 'vitest';
import { MODULE_CATALOG, MODULE_IDS } from '../catalog/index.js';
import { parseNvpmodelQuery, parseNvpmodelSet } from '../parsers/index.js';
import { formatNvpmodelQuery } from './format-nvpmodel-query.js';
import { formatNvpmodelSet, type SimNvpmodelSetOutcome } from './format-nvpmodel-set.js';
import { SIM_MODULE_GENERATIONS } from './sim-generation.constant.js';
import { simModeClocks } from './sim-mode-clocks.util.js';

const modeCases = MODULE_IDS.flatMap((moduleId) =>
  SIM_MODULE_GENERATIONS[moduleId].flatMap((generation) =>
    MODULE_CATALOG[moduleId].powerModes.map((mode) => ({ moduleId, generation, mode })),
  ),
);

describe('formatNvpmodelQuery → parseNvpmodelQuery', () => {
  it.each(modeCases)('$moduleId $generation $mode.name', ({ moduleId, generation, mode }) => {
    const clocks = simModeClocks(moduleId, mode);
    for (const verbose of [false, true]) {
      const parsed = parseNvpmodelQuery(formatNvpmodelQuery({ moduleId, generation, clocks, verbose }));
      expect(parsed).toMatchObject({ modeName: mode.name, modeId: mode.id, error: null });
    }
  });

  it('prints the r32 Xavier fan line first and trailing errors last', () => {
    const mode = MODULE_CATALOG['xavier-nx-8gb'].powerModes[5];
    if (mode === undefined) throw new Error('mode 5 missing');
    const text = formatNvpmodelQuery({
      moduleId: 'xavier-nx-8gb',
      generation: 'r32',
      clocks: simModeClocks('xavier-nx-8gb', mode),
      errors: ['Error opening /sys/devices/system/cpu/cpu7/online: 2'],
    });
    expect(text).toBe(
      'NV Fan Mode:quiet\nNV Power Mode: MODE_10W_DESKTOP\n5\nNVPM ERROR: Error opening /sys/devices/system/cpu/cpu7/online: 2\n',
    );
    expect(parseNvpmodelQuery(text).warnings).toHaveLength(1);
  });

  it('verbose r36 output carries PARAM lines in the reference grammar', () => {
    const mode = MODULE_CATALOG['agx-orin-64gb'].powerModes[2];
    if (mode === undefined) throw new Error('mode 2 missing');
    const text = formatNvpmodelQuery({
      moduleId: 'agx-orin-64gb',
      generation: 'r36',
      clocks: simModeClocks('agx-orin-64gb', mode),
      verbose: true,
    });
    expect(text).toContain('NVPM VERB: Current mode: NV Power Mode: MODE_30W\n2\n');
    expect(text).toContain(
      'NVPM VERB: PARAM CPU_ONLINE: ARG CORE_8: PATH /sys/devices/system/cpu/cpu8/online: REAL_VAL: 0 CONF_VAL: 0',
    );
    expect(text).toContain('REAL_VAL: 624750000 CONF_VAL: 624750000');
    expect(text).toContain('CONF_VAL: 9223372036854775807');
  });
});

describe('formatNvpmodelSet → parseNvpmodelSet', () => {
  const expected: Record<SimNvpmodelSetOutcome, string> = {
    applied: 'ok',
    reboot_accepted: 'reboot_required',
    reboot_declined: 'reboot_required',
    reboot_no_tty: 'reboot_required',
    bad_mode: 'bad_mode',
    sysfs_write: 'sysfs_write',
    permission: 'permission',
  };

  it.each(Object.entries(expected))('%s → %s', (outcome, kind) => {
    const target = MODULE_CATALOG['orin-nx-16gb-super'].powerModes[1];
    const { output, exitCode } = formatNvpmodelSet({
      outcome: outcome as SimNvpmodelSetOutcome,
      requestedId: 1,
      moduleId: 'orin-nx-16gb-super',
      generation: 'r36',
      ...(target === undefined ? {} : { target: simModeClocks('orin-nx-16gb-super', target) }),
    });
    expect(parseNvpmodelSet(output, exitCode).kind).toBe(kind);
  });

  it('prints the no-TTY reboot refusal exactly', () => {
    const { output } = formatNvpmodelSet({
      outcome: 'reboot_no_tty',
      requestedId: 1,
      moduleId: 'orin-nx-16gb-super',
      generation: 'r36',
    });
    expect(output).toBe(
      [
        'NVPM WARN: Reboot required for changing to this power mode: 1',
        'NVPM WARN: DO YOU WANT TO REBOOT NOW? enter YES/yes to confirm:',
        'NVPM ERROR: bad input!',
        'NVPM ERROR: optMask is 1, no request for power mode',
        '',
      ].join('\n'),
    );
  });

  it('a live switch prints nothing and exits 0', () => {
    expect(formatNvpmodelSet({ outcome: 'applied', requestedId: 0, moduleId: 'nano-4gb', generation: 'r32' })).toEqual({
      output: '',
      exitCode: 0,
    });
  });
});
