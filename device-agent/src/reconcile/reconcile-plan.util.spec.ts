import type { DesiredModel, DesiredState } from '@jetfleet/protocol';
import { describe, expect, it } from 'vitest';
import type { EngineRecord } from './agent-state.types.js';
import { enginesToKeep, planConvergence, type CurrentState } from './reconcile-plan.util.js';

const sha = (c: string): string => c.repeat(64);
const record = (c: string): EngineRecord => ({
  modelVersionId: `mv-${c}`,
  recipeHash: sha('f'),
  engineSha256: sha(c),
  path: `/w/engines/${sha(c)}.engine`,
  verification: null,
});
const model = (c: string): DesiredModel => ({
  modelVersionId: `mv-${c}`,
  recipeHash: sha('f'),
  engine: { url: `http://h/${c}`, sha256: sha(c), sizeBytes: 10 },
});
const doc = (fields: Partial<DesiredState>): DesiredState => ({ rev: 1, issuedAt: '2025-01-01T00:00:00Z', ...fields });
const current: CurrentState = { active: record('a'), previous: record('b'), powerModeId: 2 };

describe('planConvergence', () => {
  it('leaves everything as is when the document names nothing', () => {
    expect(planConvergence(current, doc({}))).toEqual({ powerMode: null, model: null });
    expect(planConvergence(current, doc({ powerMode: null }))).toEqual({ powerMode: null, model: null });
  });

  it('sets a power mode only when it differs from the mode nvpmodel reports (or that is unknown)', () => {
    const mode = { name: '10W', id: 1, allowReboot: false };
    expect(planConvergence(current, doc({ powerMode: mode })).powerMode).toEqual(mode);
    expect(planConvergence(current, doc({ powerMode: { ...mode, id: 2 } })).powerMode).toBeNull();
    expect(planConvergence({ ...current, powerModeId: null }, doc({ powerMode: mode })).powerMode).toEqual(mode);
  });

  it('keeps the active engine, swaps to the kept previous one, installs anything else', () => {
    expect(planConvergence(current, doc({ model: model('a') })).model).toEqual({ kind: 'keep', model: model('a') });
    expect(planConvergence(current, doc({ model: model('b') })).model).toEqual({
      kind: 'swap_to_previous',
      model: model('b'),
    });
    expect(planConvergence(current, doc({ model: model('c') })).model).toEqual({ kind: 'install', model: model('c') });
    const fresh = { active: null, previous: null, powerModeId: null };
    expect(planConvergence(fresh, doc({ model: model('a') })).model?.kind).toBe('install');
  });

  it('deactivates on model: null, and does nothing when nothing is served', () => {
    expect(planConvergence(current, doc({ model: null })).model).toEqual({ kind: 'deactivate' });
    expect(planConvergence({ ...current, active: null }, doc({ model: null })).model).toBeNull();
  });
});

describe('enginesToKeep', () => {
  it('keeps the active and previous engines only', () => {
    expect(enginesToKeep(record('a'), record('b'))).toEqual(new Set([sha('a'), sha('b')]));
    expect(enginesToKeep(null, record('b'))).toEqual(new Set([sha('b')]));
    expect(enginesToKeep(null, null).size).toBe(0);
  });
});
