import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ArtifactRef, DesiredModel, DesiredState, ReportedState } from '@jetfleet/protocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedAdapter } from '../hardware/simulated/simulated.adapter.js';
import { profileForIndex } from '../hardware/simulated/simulated-device.profile.js';
import { Reconciler } from './reconciler.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** In-process stand-in for the HTTP artifact server: serves by digest, can hold a download until released. */
class Artifacts {
  readonly blobs = new Map<string, Buffer>();
  readonly requests: string[] = [];
  private held = new Set<string>();
  private releases: (() => void)[] = [];

  hold(digest: string): void {
    this.held.add(digest);
  }

  release(): void {
    this.held.clear();
    for (const r of this.releases.splice(0)) r();
  }

  download = async (ref: ArtifactRef, dest: string, opts: { signal?: AbortSignal }): Promise<void> => {
    this.requests.push(ref.sha256);
    if (this.held.has(ref.sha256)) {
      await new Promise<void>((resolve, reject) => {
        this.releases.push(resolve);
        opts.signal?.addEventListener('abort', () => reject(opts.signal?.reason as Error), { once: true });
      });
    }
    const blob = this.blobs.get(ref.sha256);
    if (!blob) throw new Error(`HTTP 404 ${ref.sha256}`);
    await mkdir(path.dirname(dest), { recursive: true });
    await writeFile(dest, blob);
  };
}

let engineBytes: Buffer;
beforeAll(async () => {
  const builder = new SimulatedAdapter({ ...profileForIndex(1), timeFactor: 0.001 });
  const built = await builder.buildEngine({ onnxPath: '/m/det.onnx', enginePath: '/e/det.engine', precision: 'FP16' });
  expect(built.ok).toBe(true);
  engineBytes = await builder.readEngineFile('/e/det.engine');
  await builder.close();
});

/** A distinct engine file (its own digest) of the same build, scoring `ap50` on the golden set. */
function variant(ap50: number): Buffer {
  const record = JSON.parse(engineBytes.toString('utf8')) as { engine: { ap50: number } };
  record.engine.ap50 = ap50;
  return Buffer.from(JSON.stringify(record));
}

describe('Reconciler (simulated board, in-process artifacts)', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setup(workDir?: string) {
    const dir = workDir ?? (await mkdtemp(path.join(tmpdir(), 'jf-recon-')));
    if (!workDir) cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const adapter = new SimulatedAdapter({ ...profileForIndex(1), timeFactor: 0.001 });
    const artifacts = new Artifacts();
    const reports: ReportedState[] = [];
    const reconciler = new Reconciler({
      adapter,
      workDir: dir,
      download: artifacts.download,
      publish: (r) => {
        reports.push(r);
        return Promise.resolve();
      },
    });
    cleanup.push(async () => {
      await reconciler.stop();
      await adapter.close();
    });
    await reconciler.init();
    const model = (id: string, bytes: Buffer, health?: DesiredModel['health']): DesiredModel => {
      artifacts.blobs.set(sha(bytes), bytes);
      return {
        modelVersionId: id,
        recipeHash: 'f'.repeat(64),
        engine: { url: `http://artifacts/${sha(bytes)}`, sha256: sha(bytes), sizeBytes: bytes.length },
        ...(health ? { health } : {}),
      };
    };
    return { dir, adapter, artifacts, reports, reconciler, model };
  }

  const doc = (rev: number, fields: Partial<DesiredState> = {}): DesiredState => ({
    rev,
    issuedAt: new Date().toISOString(),
    ...fields,
  });

  it('coalesces: a newer rev aborts a superseded download, and only the newest waiting rev runs', async () => {
    const { artifacts, reports, reconciler, model } = await setup();
    const m1 = model('mv1', variant(0.61));
    const m2 = model('mv2', variant(0.62));
    const m3 = model('mv3', variant(0.63));
    artifacts.hold(m1.engine.sha256);
    reconciler.submit(doc(1, { model: m1 }));
    await expect.poll(() => reports.at(-1)?.phase).toBe('downloading');
    reconciler.submit(doc(2, { model: m2 }));
    reconciler.submit(doc(3, { model: m3 }));
    await expect.poll(() => reconciler.snapshot.appliedRev).toBe(3);
    await reconciler.idle();
    expect(artifacts.requests).toEqual([m1.engine.sha256, m3.engine.sha256]);
    expect(reconciler.snapshot.active?.modelVersionId).toBe('mv3');
    // Neither superseded rev was reported as applied or failed.
    expect(reports.filter((r) => r.phase === 'failed')).toEqual([]);
    expect(reports.some((r) => r.targetRev === 2)).toBe(false);
    expect(reports.at(-1)).toMatchObject({ appliedRev: 3, targetRev: 3, phase: 'healthy' });
  });

  it('ignores duplicate and older revs but re-sends the current report', async () => {
    const { reports, reconciler, model } = await setup();
    reconciler.submit(doc(5, { model: model('mv1', variant(0.6)) }));
    await expect.poll(() => reconciler.snapshot.appliedRev).toBe(5);
    await reconciler.idle();
    const before = reports.length;
    reconciler.submit(doc(5, { model: null }));
    reconciler.submit(doc(4, { model: null }));
    await expect.poll(() => reports.length).toBe(before + 2);
    expect(reports.slice(before).map((r) => [r.appliedRev, r.phase, r.activeModelVersionId])).toEqual([
      [5, 'healthy', 'mv1'],
      [5, 'healthy', 'mv1'],
    ]);
    expect(reconciler.snapshot.active?.modelVersionId).toBe('mv1');
  });

  it('keeps only the active and the previous engine, and model: null deactivates but keeps the rollback target', async () => {
    const { adapter, reconciler, model } = await setup();
    for (const [rev, ap50] of [
      [1, 0.61],
      [2, 0.62],
      [3, 0.63],
    ] as const) {
      reconciler.submit(doc(rev, { model: model(`mv${rev}`, variant(ap50)) }));
      await expect.poll(() => reconciler.snapshot.appliedRev).toBe(rev);
    }
    await reconciler.idle();
    const files = await adapter.listEngineFiles(reconciler.engines.dir);
    expect(files.sort()).toEqual(
      [reconciler.snapshot.active?.path, reconciler.snapshot.previous?.path].map(String).sort(),
    );
    expect(reconciler.snapshot.previous?.modelVersionId).toBe('mv2');

    reconciler.submit(doc(4, { model: null }));
    await expect.poll(() => reconciler.snapshot.appliedRev).toBe(4);
    expect(reconciler.snapshot.active).toBeNull();
    expect(reconciler.snapshot.previous?.modelVersionId).toBe('mv3');
    expect(reconciler.lastReported).toMatchObject({ phase: 'idle', activeModelVersionId: null });
    expect((await adapter.sample()).latencyP95Ms).toBeNull();
  });

  it('reports disk_full when the engine does not fit, and keeps serving what it had', async () => {
    const { adapter, reconciler, model } = await setup();
    reconciler.submit(doc(1, { model: model('mv1', variant(0.6)) }));
    await expect.poll(() => reconciler.snapshot.appliedRev).toBe(1);
    adapter.injectFault({ kind: 'disk_full' });
    reconciler.submit(doc(2, { model: model('mv2', variant(0.7)) }));
    await expect.poll(() => reconciler.snapshot.appliedRev).toBe(2);
    expect(reconciler.lastReported).toMatchObject({
      phase: 'failed',
      error: { code: 'disk_full' },
      activeModelVersionId: 'mv1',
    });
  });

  it('persists what it applied; a new process restores it, and forgets an engine whose file is gone', async () => {
    const first = await setup();
    first.reconciler.submit(doc(7, { model: first.model('mv1', variant(0.6)) }));
    await expect.poll(() => first.reconciler.snapshot.appliedRev).toBe(7);
    await first.reconciler.idle();

    // Same work dir, new simulated board: the engine file did not survive, so rev 7 must be applied again.
    const second = await setup(first.dir);
    expect(second.reconciler.snapshot).toMatchObject({ appliedRev: 0, active: null });

    // Same work dir, board disk kept: everything is restored and the engine serves again.
    const third = await setup(first.dir);
    const active = first.reconciler.snapshot.active;
    const file = first.adapter.board.engines.get(active?.path ?? '');
    if (!active || !file) throw new Error('no active engine');
    third.adapter.board.writeEngine(active.path, file);
    const restored = new Reconciler({ adapter: third.adapter, workDir: first.dir, publish: () => Promise.resolve() });
    await restored.init();
    expect(restored.snapshot).toMatchObject({ appliedRev: 7, active: { modelVersionId: 'mv1' } });
    await expect.poll(async () => (await third.adapter.sample()).gpuLoadPct ?? 0).toBeGreaterThan(50);
  });
});
