import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentStateStore } from './agent-state.store.js';
import { initialAgentState } from './agent-state.types.js';

describe('AgentStateStore', () => {
  let dir = '';
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('round-trips the state through one file and leaves no temporary file behind', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jf-state-'));
    const store = new AgentStateStore(dir);
    expect(await store.load()).toEqual(initialAgentState());
    const state = { ...initialAgentState(), appliedRev: 3, powerMode: { name: '10W', id: 1 } };
    await Promise.all([store.save({ ...state, appliedRev: 2 }), store.save(state)]);
    expect(await new AgentStateStore(dir).load()).toEqual(state);
    expect(await readdir(dir)).toEqual(['agent-state.json']);
  });

  it('starts fresh from a corrupt or foreign file instead of crashing', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jf-state-'));
    const logs: string[] = [];
    const store = new AgentStateStore(dir, (_level, msg) => logs.push(msg));
    await writeFile(store.file, '{"appliedRev": "x"');
    expect(await store.load()).toEqual(initialAgentState());
    await writeFile(store.file, JSON.stringify({ version: 9 }));
    expect(await store.load()).toEqual(initialAgentState());
    expect(logs).toHaveLength(2);
  });
});
