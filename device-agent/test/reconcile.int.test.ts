import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  reportedStateSchema,
  topics,
  type DesiredModel,
  type DesiredState,
  type ReportedState,
} from '@jetfleet/protocol';
import { DeviceAgent } from '../src/device-agent.js';
import { SimulatedAdapter } from '../src/hardware/simulated/simulated.adapter.js';
import { profileForIndex } from '../src/hardware/simulated/simulated-device.profile.js';
import { TEST_MQTT_URL, uniqueName } from '../../test/support/test-env.js';
import { waitUntil } from '../../test/support/wait-until.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Serves blobs by path; counts every GET, so a test can prove that nothing was downloaded. */
function artifactServer() {
  const blobs = new Map<string, Buffer>();
  const gets: string[] = [];
  const server = http.createServer((req, res) => {
    const name = (req.url ?? '').split('?')[0]!.slice(1);
    gets.push(name);
    const blob = blobs.get(name);
    if (!blob) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': blob.length }).end(blob);
  });
  return { server, blobs, gets };
}

/**
 * The device side of the desired/reported protocol: a real agent on a simulated Orin NX 16GB (nvpmodel default
 * 15W, id 2; 10W applies live, MAXN needs a reboot), the project's broker, and real HTTP downloads.
 */
describe('desired-state reconcile loop (real broker, real HTTP, simulated Jetson)', () => {
  const deviceId = uniqueName('recon').replace(/_/g, '-');
  const art = artifactServer();
  let base = '';
  let workDir = '';
  let ctl: MqttClient;
  let adapter: SimulatedAdapter;
  let agent: DeviceAgent;
  const reports: ReportedState[] = [];
  let engine: Buffer;

  const simAdapter = (powerModeId?: number) =>
    new SimulatedAdapter({
      ...profileForIndex(1),
      timeFactor: 0.001,
      ...(powerModeId === undefined ? {} : { powerModeId }),
    });
  const startAgent = () => {
    agent = new DeviceAgent({ deviceId, mqttUrl: TEST_MQTT_URL, heartbeatSec: 5, workDir }, adapter);
    agent.start();
  };
  /** Another engine file of the same build (its own digest), scoring `ap50` on the simulated golden set. */
  const variant = (ap50: number): Buffer => {
    const record = JSON.parse(engine.toString('utf8')) as { engine: { ap50: number } };
    record.engine.ap50 = ap50;
    return Buffer.from(JSON.stringify(record));
  };
  const model = (id: string, bytes: Buffer, health?: DesiredModel['health']): DesiredModel => {
    art.blobs.set(sha(bytes), bytes);
    return {
      modelVersionId: id,
      recipeHash: 'e'.repeat(64),
      engine: { url: `${base}/${sha(bytes)}`, sha256: sha(bytes), sizeBytes: bytes.length },
      ...(health ? { health } : {}),
    };
  };
  const publishDesired = async (doc: Omit<DesiredState, 'issuedAt'>) => {
    await ctl.publishAsync(topics.desired(deviceId), JSON.stringify({ ...doc, issuedAt: new Date().toISOString() }), {
      qos: 1,
      retain: true,
    });
  };
  /** Publishes `doc` and returns the reports about it, up to the one that says it was applied. */
  const apply = async (doc: Omit<DesiredState, 'issuedAt'>): Promise<ReportedState[]> => {
    const from = reports.length;
    await publishDesired(doc);
    await waitUntil(() => reports.slice(from).some((r) => r.appliedRev === doc.rev), 15_000);
    return reports.slice(from).filter((r) => r.targetRev === doc.rev);
  };
  const phases = (rs: ReportedState[]) => rs.map((r) => r.phase);

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'jf-recon-int-'));
    await new Promise<void>((r) => art.server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(art.server.address() as AddressInfo).port}`;
    const builder = simAdapter();
    const built = await builder.buildEngine({
      onnxPath: '/m/det.onnx',
      enginePath: '/e/det.engine',
      precision: 'FP16',
    });
    expect(built.ok).toBe(true);
    engine = await builder.readEngineFile('/e/det.engine');
    await builder.close();

    ctl = await mqtt.connectAsync(TEST_MQTT_URL, { protocolVersion: 5 });
    ctl.on('message', (_t, p) => reports.push(reportedStateSchema.parse(JSON.parse(p.toString()))));
    await ctl.subscribeAsync(topics.reported(deviceId), { qos: 1 });
    adapter = simAdapter();
    startAgent();
    await waitUntil(() => agent.connected, 5000);
  });

  afterAll(async () => {
    await agent?.stop();
    await ctl?.publishAsync(topics.desired(deviceId), '', { qos: 1, retain: true });
    await ctl?.endAsync();
    await new Promise((r) => art.server.close(r));
    await rm(workDir, { recursive: true, force: true });
  });

  const good = () => model('mv-a', engine, { maxLatencyP95Ms: 1000, minAp50: 0.5 });

  it('reports idle on connect, then downloads, activates, verifies and reports healthy with its numbers', async () => {
    const hello = await waitUntil(() => reports[0], 5000);
    expect(hello).toMatchObject({ appliedRev: 0, phase: 'idle', powerMode: '15W', powerModeId: 2 });

    const rs = await apply({ rev: 1, model: good() });
    expect(phases(rs)).toEqual(['downloading', 'activating', 'verifying', 'healthy']);
    const done = rs.at(-1)!;
    expect(done).toMatchObject({ appliedRev: 1, activeModelVersionId: 'mv-a', activeEngineSha256: sha(engine) });
    expect(done.verification?.latencyP95Ms).toBeGreaterThan(0);
    expect(done.verification?.fps).toBeGreaterThan(10);
    expect(done.verification?.ap50).toBeCloseTo(0.697, 2);
    expect(art.gets).toEqual([sha(engine)]);
    // The board serves it: telemetry carries the engine's latency.
    await waitUntil(async () => ((await adapter.sample()).latencyP95Ms ?? 0) > 0, 5000);
  });

  it('applies a document naming the active engine at once, without a download', async () => {
    const rs = await apply({ rev: 2, model: good() });
    expect(phases(rs)).toEqual(['healthy']);
    expect(rs[0]?.verification?.ap50).toBeCloseTo(0.697, 2);
    expect(art.gets).toHaveLength(1);
  });

  it('rolls back to the kept previous engine as a file swap: no HTTP request', async () => {
    const rs = await apply({ rev: 3, model: model('mv-b', variant(0.71)) });
    expect(phases(rs)).toEqual(['downloading', 'activating', 'verifying', 'healthy']);
    expect(rs.at(-1)).toMatchObject({ activeModelVersionId: 'mv-b', previousModelVersionId: 'mv-a' });
    const gets = art.gets.length;

    const back = await apply({ rev: 4, model: good() });
    expect(phases(back)).toEqual(['activating', 'healthy']);
    expect(back.at(-1)).toMatchObject({ activeModelVersionId: 'mv-a', previousModelVersionId: 'mv-b' });
    expect(art.gets).toHaveLength(gets);
    expect(agent.activeModel?.engineSha256).toBe(sha(engine));
    // The board serves mv-a again: telemetry carries its AP50, not mv-b's 0.71.
    expect((await adapter.sample()).ap50).toBeCloseTo(0.697, 2);
  });

  it('refuses an engine whose sha256 does not match and keeps serving the previous one', async () => {
    const bytes = variant(0.72);
    const wrong = Buffer.from(bytes);
    wrong[wrong.length - 2] = 0x20;
    const m = model('mv-c', bytes);
    art.blobs.set(sha(bytes), wrong);
    const rs = await apply({ rev: 5, model: m });
    expect(phases(rs)).toEqual(['downloading', 'failed']);
    expect(rs.at(-1)).toMatchObject({
      appliedRev: 5,
      error: { code: 'sha256_mismatch' },
      activeModelVersionId: 'mv-a',
      activeEngineSha256: sha(engine),
    });
    expect(agent.activeModel?.modelVersionId).toBe('mv-a');
  });

  it('rolls back to the previous engine when the new one misses the health thresholds', async () => {
    const rs = await apply({ rev: 6, model: model('mv-d', variant(0.41), { minAp50: 0.6 }) });
    expect(phases(rs)).toEqual(['downloading', 'activating', 'verifying', 'rolled_back']);
    const last = rs.at(-1)!;
    expect(last).toMatchObject({
      appliedRev: 6,
      activeModelVersionId: 'mv-a',
      error: { code: 'health_check_failed' },
      verification: { ap50: 0.41 },
    });
    expect(last.error?.message).toMatch(/AP50 0\.410 < min 0\.6/);
    expect(last.error?.message).toMatch(/latency p95 \d+\.\d+ ms/);
    // The board serves the previous engine again (its AP50, not the refused one's).
    expect((await adapter.sample()).ap50).toBeCloseTo(0.697, 2);
    expect(await adapter.hasEngineFile(path.join(workDir, 'engines', `${sha(variant(0.41))}.engine`))).toBe(false);
  });

  it('ignores a stale rev but answers it with the current report', async () => {
    const from = reports.length;
    await publishDesired({ rev: 3, model: null });
    const echo = await waitUntil(() => reports[from], 5000);
    expect(echo).toMatchObject({ appliedRev: 6, phase: 'rolled_back', activeModelVersionId: 'mv-a' });
    expect(agent.activeModel?.modelVersionId).toBe('mv-a');
  });

  it('sets a power mode that applies live, and refuses one that needs a reboot without allowReboot', async () => {
    const rs = await apply({ rev: 7, powerMode: { name: '10W', id: 1, allowReboot: false } });
    expect(phases(rs)).toEqual(['activating', 'healthy']);
    expect(rs.at(-1)).toMatchObject({ powerMode: '10W', powerModeId: 1, activeModelVersionId: 'mv-a' });
    expect(await adapter.powerMode({ maxAgeMs: 0 })).toEqual({ id: 1, name: '10W' });

    const refused = await apply({ rev: 8, model: good(), powerMode: { name: 'MAXN', id: 0, allowReboot: false } });
    expect(phases(refused)).toEqual(['activating', 'failed']);
    expect(refused.at(-1)).toMatchObject({ error: { code: 'reboot_required' }, powerMode: '10W', powerModeId: 1 });
    expect(refused.at(-1)?.error?.message).toMatch(/does not allow one/);
    expect(await adapter.powerMode({ maxAgeMs: 0 })).toEqual({ id: 1, name: '10W' });
  });

  it('a restarted agent restores its state, re-activates its engine and does not download again', async () => {
    const gets = art.gets.length;
    const engines = new Map(adapter.board.engines);
    await agent.stop();
    // A new process on the same board: the disk (and nvpmodel's mode) survive, memory does not.
    adapter = simAdapter(1);
    for (const [file, record] of engines) adapter.board.writeEngine(file, record);
    const from = reports.length;
    startAgent();
    const hello = await waitUntil(() => reports[from], 5000);
    expect(hello).toMatchObject({
      appliedRev: 8,
      phase: 'failed',
      error: { code: 'reboot_required' },
      activeModelVersionId: 'mv-a',
      previousModelVersionId: 'mv-b',
      powerMode: '10W',
    });
    // The retained rev 8 arrives again and is ignored; nothing is downloaded.
    await waitUntil(() => reports.length >= from + 2, 5000);
    expect(reports.slice(from).every((r) => r.appliedRev === 8 && r.phase === 'failed')).toBe(true);
    expect(art.gets).toHaveLength(gets);
    await waitUntil(async () => ((await adapter.sample()).latencyP95Ms ?? 0) > 0, 5000);

    // And it keeps converging from there: a rollback to the kept engine is still a swap.
    const rs = await apply({ rev: 9, model: model('mv-b', variant(0.71)) });
    expect(phases(rs)).toEqual(['activating', 'healthy']);
    expect(art.gets).toHaveLength(gets);
  });
});
