import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { agentStateSchema, initialAgentState, type AgentState } from './agent-state.types.js';

export type StoreLog = (level: 'info' | 'warn' | 'error', msg: string) => void;

/** The agent's applied state as one JSON file, replaced atomically (written beside, then renamed). */
export class AgentStateStore {
  readonly file: string;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    workDir: string,
    private readonly log: StoreLog = () => undefined,
  ) {
    this.file = path.join(workDir, 'agent-state.json');
  }

  /** A missing file is a new device; an unreadable one is logged and treated as new (the desired state is retained). */
  async load(): Promise<AgentState> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log('warn', `agent state unreadable: ${String(err)}`);
      return initialAgentState();
    }
    try {
      return agentStateSchema.parse(JSON.parse(text));
    } catch (err) {
      this.log('warn', `agent state ${this.file} is invalid, starting fresh: ${(err as Error).message.slice(0, 300)}`);
      return initialAgentState();
    }
  }

  /** Writes are serialized so an older snapshot can never rename over a newer one. */
  save(state: AgentState): Promise<void> {
    const snapshot = JSON.stringify(agentStateSchema.parse(state), null, 2);
    const write = this.writes.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, snapshot);
      await rename(tmp, this.file);
    });
    this.writes = write.catch(() => undefined);
    return write;
  }
}
