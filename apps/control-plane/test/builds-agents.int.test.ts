import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceAgent, SimulatedAdapter, profileForIndex } from '../../../device-agent/src/index.js';
import { startInProcess, type InProcessControlPlane } from '../../../test/support/in-process-control-plane.js';
import { freePort } from '../../../test/support/processes.js';
import { TEST_MQTT_URL, uniqueName } from '../../../test/support/test-env.js';
import { waitUntil } from '../../../test/support/wait-until.js';
import { BuildSchedulerService } from '../src/builds/build-scheduler.service.js';
import { BuildsDb, registerModel } from './builds.fixtures.js';

const PREFIX = uniqueName('blda').replace(/_/g, '-');
const AGENTS = 16;

/** The real device agent (simulated hardware, trtexec 1000× faster) against the real control plane. */
describe('engine builds with real device agents on simulated Jetsons', () => {
  let cp: InProcessControlPlane;
  let db: BuildsDb;
  let dir: string;
  const agents: DeviceAgent[] = [];
  const ids = Array.from({ length: AGENTS }, (_, i) => `${PREFIX}-${i}`);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jf-builds-agents-'));
    const port = await freePort();
    cp = await startInProcess({
      ARTIFACT_DIR: path.join(dir, 'store'),
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'error',
      BUILD_WATCHDOG_MS: '200',
    });
    db = await BuildsDb.connect(cp.db.url);
    ids.forEach((deviceId, i) => {
      const adapter = new SimulatedAdapter({ ...profileForIndex(i), timeFactor: 0.001 });
      const agent = new DeviceAgent(
        { deviceId, mqttUrl: TEST_MQTT_URL, heartbeatSec: 5, workDir: path.join(dir, deviceId) },
        adapter,
      );
      agents.push(agent);
      agent.start();
    });
    await waitUntil(async () => (await db.onlineCount(ids)) === AGENTS, 15_000);
  });

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await db?.end();
    await cp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('builds once per class on a builder, and every other agent fetches and installs that engine', async () => {
    const model = await registerModel(cp.app, `${PREFIX}-yolo`);
    const scheduled = await cp.app
      .get(BuildSchedulerService)
      .scheduleEngineBuilds(model, { precision: 'FP16' }, { deviceIds: ids });
    const classes = new Set(scheduled.builds.map((b) => b.compatKey));
    expect(classes.size).toBe(scheduled.builds.length);
    expect(classes.size).toBeGreaterThanOrEqual(3);
    await waitUntil(async () => {
      const rows = await db.deviceEngines(model);
      return rows.length === AGENTS - scheduled.unkeyedDeviceIds.length && rows.every((r) => r.state === 'ready');
    }, 30_000);
    const builds = await db.builds(model);
    // One engine per class. The simulator can run a small module out of memory (as trtexec does on a
    // 4 GB Nano); such an attempt is retried on another device of the class.
    expect(builds.map((b) => b.state)).toEqual(builds.map(() => 'succeeded'));
    for (const b of builds) expect(b.tried_devices).toHaveLength(b.attempt - 1);
    expect(builds.every((b) => typeof b.perf?.throughputQps === 'number' && (b.log_tail ?? '').length > 0)).toBe(true);
  });
});
