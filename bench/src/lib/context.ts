import path from 'node:path';
import { startChild, type ChildHandle, type ChildOptions } from './children.js';
import {
  PROFILE_DIR,
  startControlPlaneProcess,
  type ControlPlaneOptions,
  type ControlPlaneProcess,
} from './control-plane.js';
import { summarizeProfile, type ProfileSummary } from './cpuprofile.js';
import type { Options } from './options.js';
import type { Payloads } from './payloads.js';
import { createDatabase, startBroker, type BenchDatabase, type Broker } from './services.js';

/** What a benchmark gets from the runner; everything it starts through here is cleaned up after it. */
export class BenchContext {
  private readonly cleanups: Array<() => Promise<void>> = [];

  constructor(
    readonly name: string,
    readonly opts: Options,
    readonly runId: string,
    private readonly template: string,
    readonly payloads: Payloads,
  ) {}

  log(msg: string): void {
    console.log(`  [${this.name}] ${msg}`);
  }

  defer(fn: () => Promise<void>): void {
    this.cleanups.push(fn);
  }

  async database(label = this.name): Promise<BenchDatabase> {
    const db = await createDatabase(this.template, label, this.runId);
    this.defer(() => db.drop());
    return db;
  }

  async broker(): Promise<Broker> {
    const b = await startBroker();
    this.defer(() => b.stop());
    return b;
  }

  async child(o: ChildOptions): Promise<ChildHandle> {
    const c = await startChild({ ...o, name: `${this.name}-${o.name}` });
    this.defer(() => c.stop());
    return c;
  }

  async controlPlane(o: Omit<ControlPlaneOptions, 'runId' | 'logLevel' | 'name'>): Promise<ControlPlaneProcess> {
    const cp = await startControlPlaneProcess({
      ...o,
      name: this.name,
      runId: this.runId,
      logLevel: this.opts.logLevel,
    });
    this.defer(() => cp.stop());
    return cp;
  }

  /** Stops the control plane (and drops its Redis keys). */
  async stopControlPlane(cp: ControlPlaneProcess): Promise<void> {
    await cp.stop();
  }

  /**
   * Runs a measured phase; with --profile, a V8 CPU profile of `child` covers exactly that phase
   * and its summary is stored under `label` (see `profiles`).
   */
  async profiled<T>(child: ChildHandle, label: string, phase: () => Promise<T>): Promise<T> {
    if (!this.opts.profile) return phase();
    await child.call('profileStart');
    try {
      return await phase();
    } finally {
      const file = path.join(PROFILE_DIR, `${this.name}-${label.replace(/[^A-Za-z0-9]+/g, '-')}.cpuprofile`);
      await child.call('profileStop', file);
      this.profiles[label] = summarizeProfile(file);
    }
  }

  /** Hot spots of the profiled phases (empty without --profile). */
  readonly profiles: Record<string, ProfileSummary> = {};

  /** Runs the cleanups in reverse order; failures are reported, not thrown. */
  async cleanup(): Promise<void> {
    while (this.cleanups.length) {
      const fn = this.cleanups.pop()!;
      await fn().catch((err: Error) => console.error(`  [${this.name}] cleanup: ${err.message}`));
    }
  }
}
