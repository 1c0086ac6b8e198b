import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics, type JobCommand, type JobProgress } from '@jetfleet/protocol';
import { DeviceAgent } from '../src/device-agent.js';
import { SimulatedAdapter } from '../src/hardware/simulated/simulated.adapter.js';
import { profileForIndex } from '../src/hardware/simulated/simulated-device.profile.js';
import { TestBroker } from '../../test/support/test-broker.js';
import { waitUntil } from '../../test/support/wait-until.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A tiny artifact server: GET with Range support, PUT stores the body. */
function artifactServer() {
  const blobs = new Map<string, Buffer>();
  let rangeRequests = 0;
  const server = http.createServer((req, res) => {
    const name = (req.url ?? '').split('?')[0]!;
    if (req.method === 'PUT') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        if (req.headers['x-content-sha256'] !== sha(body)) return void res.writeHead(400).end('digest');
        blobs.set(sha(body), body);
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sha256: sha(body) }));
      });
      return;
    }
    const blob = blobs.get(name.slice(1));
    if (!blob) return void res.writeHead(404).end();
    const range = /bytes=(\d+)-/.exec(req.headers.range ?? '');
    if (range) {
      rangeRequests++;
      const start = Number(range[1]);
      res
        .writeHead(206, { 'content-range': `bytes ${start}-${blob.length - 1}/${blob.length}` })
        .end(blob.subarray(start));
      return;
    }
    res.writeHead(200, { 'content-length': blob.length }).end(blob);
  });
  return { server, blobs, rangeRequests: () => rangeRequests };
}

describe('agent jobs: build, upload, fetch, verify (real broker, real HTTP)', () => {
  let broker: TestBroker;
  let ctl: MqttClient;
  const art = artifactServer();
  let base = '';
  const progress: JobProgress[] = [];
  const agents: DeviceAgent[] = [];
  const adapters: SimulatedAdapter[] = [];
  const onnx = randomBytes(50_000);

  const agent = (id: string) => {
    // An Orin NX on JetPack 6 (TensorRT 10); builds run 1000× faster than real time.
    const adapter = new SimulatedAdapter({ ...profileForIndex(1), timeFactor: 0.001 });
    adapters.push(adapter);
    const a = new DeviceAgent({ deviceId: id, mqttUrl: broker.url, heartbeatSec: 5 }, adapter);
    agents.push(a);
    a.start();
    return a;
  };
  const send = async (deviceId: string, cmd: Omit<JobCommand, 'issuedAt'>) =>
    ctl.publishAsync(topics.job(deviceId, cmd.jobId), JSON.stringify({ ...cmd, issuedAt: new Date().toISOString() }), {
      qos: 1,
    });
  const final = (jobId: string) =>
    waitUntil(
      () => progress.find((p) => p.jobId === jobId && ['succeeded', 'failed', 'cancelled'].includes(p.state)),
      20_000,
    );

  beforeAll(async () => {
    broker = await TestBroker.start();
    await new Promise<void>((r) => art.server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(art.server.address() as AddressInfo).port}`;
    art.blobs.set(sha(onnx), onnx);
    ctl = await mqtt.connectAsync(broker.url, { protocolVersion: 5 });
    ctl.on('message', (_t, p) => progress.push(JSON.parse(p.toString())));
    await ctl.subscribeAsync('jetfleet/v1/devices/+/jobs/+/progress', { qos: 1 });
    for (const id of ['builder', 'peer', 'other']) agent(`job-${id}-${process.pid}`);
    await waitUntil(() => agents.every((a) => a.connected), 5000);
  });

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await ctl?.endAsync();
    await broker?.stop();
    await new Promise((r) => art.server.close(r));
  });

  it('builds from a downloaded ONNX, uploads the engine, and a peer fetches and verifies it', async () => {
    const builder = `job-builder-${process.pid}`;
    await send(builder, {
      jobId: 'b1',
      kind: 'build-engine',
      deadlineSec: 120,
      params: {
        buildId: 'b1',
        modelVersionId: 'mv1',
        recipe: { precision: 'FP16' },
        onnx: { url: `${base}/${sha(onnx)}`, sha256: sha(onnx), sizeBytes: onnx.length },
        engineUploadUrl: `${base}/upload?token=t`,
      },
    });
    const done = await final('b1');
    expect(done.state).toBe('succeeded');
    const result = done.result as {
      engineSha256: string;
      engineSizeBytes: number;
      trtVersion: string;
      logTail: string;
    };
    expect(art.blobs.has(result.engineSha256)).toBe(true);
    expect(result.trtVersion).toMatch(/^10\./);
    expect(result.logTail).toContain('PASSED');
    const states = progress.filter((p) => p.jobId === 'b1').map((p) => p.state);
    expect(states[0]).toBe('accepted');
    expect(states).toContain('running');

    const engine = art.blobs.get(result.engineSha256)!;
    await send(`job-peer-${process.pid}`, {
      jobId: 'f1',
      kind: 'fetch-engine',
      deadlineSec: 60,
      params: {
        buildId: 'b1',
        modelVersionId: 'mv1',
        recipeHash: 'a'.repeat(64),
        compatKey: 'k',
        engine: { url: `${base}/${result.engineSha256}`, sha256: result.engineSha256, sizeBytes: engine.length },
      },
    });
    expect((await final('f1')).state).toBe('succeeded');
  });

  it('refuses an engine whose sha256 does not match, and reports why', async () => {
    const bogus = randomBytes(1000);
    art.blobs.set(sha(bogus), bogus);
    await send(`job-peer-${process.pid}`, {
      jobId: 'f2',
      kind: 'fetch-engine',
      deadlineSec: 60,
      params: {
        buildId: 'b1',
        modelVersionId: 'mv1',
        recipeHash: 'a'.repeat(64),
        compatKey: 'k',
        engine: { url: `${base}/${sha(bogus)}`, sha256: 'b'.repeat(64), sizeBytes: bogus.length },
      },
    });
    const done = await final('f2');
    expect(done.state).toBe('failed');
    expect(done.message).toMatch(/sha256 mismatch/);
  });

  it('reports a build failure from an injected OOM with the cause, and refuses malformed job params', async () => {
    const id = `job-other-${process.pid}`;
    adapters[2]!.injectFault({ kind: 'build_oom' });
    await send(id, {
      jobId: 'b2',
      kind: 'build-engine',
      deadlineSec: 120,
      params: {
        buildId: 'b2',
        modelVersionId: 'mv1',
        recipe: { precision: 'FP16' },
        onnx: { url: `${base}/${sha(onnx)}`, sha256: sha(onnx), sizeBytes: onnx.length },
      },
    });
    const done = await final('b2');
    expect(done.state).toBe('failed');
    expect(done.message).toMatch(/out_of_memory|oom|memory/i);

    await send(id, { jobId: 'b3', kind: 'build-engine', deadlineSec: 10, params: { buildId: 'b3' } });
    expect((await final('b3')).state).toBe('failed');
  });

  it('answers a redelivered job with its final state instead of running it again', async () => {
    const before = progress.filter((p) => p.jobId === 'f1').length;
    await send(`job-peer-${process.pid}`, { jobId: 'f1', kind: 'fetch-engine', deadlineSec: 60, params: {} });
    await waitUntil(() => progress.filter((p) => p.jobId === 'f1').length === before + 1, 5000);
    expect(progress.filter((p) => p.jobId === 'f1').at(-1)?.state).toBe('succeeded');
  });
});
