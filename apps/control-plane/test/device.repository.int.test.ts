import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OnlineStatus } from '@jetfleet/protocol';
import * as schema from '../src/database/schema.js';
import { DeviceRepository } from '../src/devices/device.repository.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { makeBirth } from '../../../test/support/device-factory.js';

const birth = (sessionId: string, module = 'orin-nx-16gb'): OnlineStatus => makeBirth(sessionId, { module }, 2);

describe('DeviceRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let repo: DeviceRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url });
    repo = new DeviceRepository(drizzle(pool, { schema }));
  });

  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('registers a device on birth and reports it came online only once', async () => {
    const t = new Date();
    expect(await repo.upsertBirth('r-1', birth('s1'), t)).toBe(true);
    expect(await repo.upsertBirth('r-1', birth('s1'), t)).toBe(false);
    const row = await repo.findById('r-1');
    expect(row).toMatchObject({ id: 'r-1', online: true, module: 'orin-nx-16gb', sessionId: 's1', heartbeatSec: 2 });
    expect(row?.hardware).toMatchObject({ tensorrt: '10.3.0', dlaCores: 2 });
  });

  it('ignores a Last Will from an older session', async () => {
    const t = new Date();
    await repo.upsertBirth('r-2', birth('new'), t);
    expect(await repo.markOffline('r-2', 'old', 'lwt', t)).toBe(false);
    expect((await repo.findById('r-2'))?.online).toBe(true);
    expect(await repo.markOffline('r-2', 'new', 'lwt', t)).toBe(true);
    expect(await repo.findById('r-2')).toMatchObject({ online: false, offlineReason: 'lwt' });
  });

  it('sweeps devices whose heartbeats stopped, using each device’s own interval', async () => {
    const now = new Date();
    await repo.upsertBirth('r-3', birth('s3'), new Date(now.getTime() - 10_000));
    await repo.upsertBirth('r-4', birth('s4'), now);
    const stale = await repo.sweepStale(1.5, now);
    expect(stale).toContain('r-3');
    expect(stale).not.toContain('r-4');
    expect(await repo.findById('r-3')).toMatchObject({ online: false, offlineReason: 'heartbeat_timeout' });
  });

  it('brings a timed-out device back on a heartbeat of the same session, not of another', async () => {
    const now = new Date();
    await repo.upsertBirth('r-5', birth('s5'), new Date(now.getTime() - 10_000));
    await repo.sweepStale(1.5, now);
    const revived = await repo.recordSeen([
      { id: 'r-5', sessionId: 's5', seenAt: new Date(), lastTelemetry: { ts: now.toISOString(), powerMw: 5400 } },
    ]);
    expect(revived).toEqual(['r-5']);
    expect(await repo.findById('r-5')).toMatchObject({ online: true, offlineReason: null });

    await repo.upsertBirth('r-6', birth('s6'), now);
    await repo.markOffline('r-6', 's6', 'lwt', now);
    expect(await repo.recordSeen([{ id: 'r-6', sessionId: 's6', seenAt: new Date(), lastTelemetry: null }])).toEqual(
      [],
    );
    expect((await repo.findById('r-6'))?.online).toBe(false);
  });

  it('updates many devices in one batch and keeps the latest telemetry', async () => {
    const now = new Date();
    const ids = Array.from({ length: 50 }, (_, i) => `batch-${i}`);
    for (const id of ids) await repo.upsertBirth(id, birth(`s-${id}`), now);
    await repo.recordSeen(
      ids.map((id, i) => ({
        id,
        sessionId: `s-${id}`,
        seenAt: new Date(),
        lastTelemetry: { ts: now.toISOString(), powerMw: i },
      })),
    );
    const row = await repo.findById('batch-7');
    expect(row?.lastTelemetry).toMatchObject({ powerMw: 7 });
  });

  it('pages by id and filters by online, module and tag', async () => {
    const now = new Date();
    await repo.upsertBirth('p-a', birth('pa', 'agx-orin-64gb'), now);
    await repo.upsertBirth('p-b', birth('pb', 'agx-orin-64gb'), now);
    await repo.setTags('p-b', ['lab', 'site:berlin']);
    expect((await repo.findPage({ module: 'agx-orin-64gb' }, 10, null)).map((r) => r.id)).toEqual(['p-a', 'p-b']);
    expect((await repo.findPage({ module: 'agx-orin-64gb' }, 10, 'p-a')).map((r) => r.id)).toEqual(['p-b']);
    expect((await repo.findPage({ tag: 'site:berlin' }, 10, null)).map((r) => r.id)).toEqual(['p-b']);
    expect(await repo.count({ module: 'agx-orin-64gb', online: true })).toBe(2);
    expect(await repo.count({ module: 'agx-orin-64gb', online: false })).toBe(0);
  });
});
