import { describe, expect, it } from 'vitest';
import { resolveModeFor } from './power-mode.util.js';

describe('resolveModeFor', () => {
  it('resolves a name to the id of that module (ids are not portable)', () => {
    expect(resolveModeFor('orin-nx-16gb', '10W', false)).toMatchObject({ ok: true, mode: { name: '10W', id: 1 } });
    expect(resolveModeFor('agx-xavier-32gb', 'MODE_10W', false)).toMatchObject({ ok: true, mode: { id: 1 } });
    expect(resolveModeFor('orin-nx-16gb', '10w', false)).toMatchObject({ ok: true, mode: { name: '10W' } });
  });

  it('refuses a module without the mode, naming the modes it has', () => {
    const r = resolveModeFor('nano-4gb', '10W', false);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toMatch(/nano-4gb has no power mode 10W \(it has MAXN, 5W\)/);
  });

  it('refuses a mode that needs a reboot unless reboots are allowed', () => {
    const refused = resolveModeFor('orin-nx-16gb', 'MAXN', false);
    expect(refused.ok ? '' : refused.reason).toMatch(/needs a reboot/);
    expect(resolveModeFor('orin-nx-16gb', 'MAXN', true)).toMatchObject({
      ok: true,
      rebootRequired: true,
      mode: { allowReboot: true },
    });
  });

  it('refuses an unknown module', () => {
    expect(resolveModeFor('tx9', '10W', false)).toEqual({ ok: false, reason: 'unknown module tx9' });
  });
});
