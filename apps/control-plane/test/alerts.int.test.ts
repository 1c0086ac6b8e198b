import type { AddressInfo } from 'node:net';
import { createClient } from 'graphql-ws';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BuildOutcomeSource } from '../src/alerts/build-outcome.source.js';
import { ALERT_NOTIFIER } from '../src/notifications/alert-notification.types.js';
import {
  startInProcessWithOverrides,
  type OverriddenControlPlane,
} from '../../../test/support/in-process-with-overrides.js';
import { graphqlClient, wsConnectionParams, type Gql, type GqlBody } from '../../../test/support/graphql-client.js';
import { uniqueName } from '../../../test/support/test-env.js';
import { waitUntil } from '../../../test/support/wait-until.js';
import { ALERT_FIELDS, AlertDb, RecordingNotifier, ScriptedBuildOutcomes, type DeviceSeed } from './alerts.fixtures.js';

const gqlClient = (app: INestApplication): Gql => graphqlClient(app);

const PREFIX = uniqueName('al').replace(/_/g, '-');
const id = (n: string) => `${PREFIX}-${n}`;
const FAST = 'alerts-fast';
const EVAL_MS = 200;

interface AlertView {
  id: string;
  kind: string;
  deviceId: string;
  severity: string;
  status: string;
  summary: string;
  details: Record<string, any>;
  firedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  events?: { type: string; at: string; details: Record<string, any> }[];
}

describe('alerts on real PostgreSQL and Redis', () => {
  let cp: OverriddenControlPlane;
  let db: AlertDb;
  let gql: (query: string, variables?: Record<string, unknown>) => Promise<GqlBody>;
  const notifier = new RecordingNotifier();
  const builds = new ScriptedBuildOutcomes();

  const setRule = async (input: Record<string, unknown>) => {
    const r = await gql(
      'mutation($input: SetAlertRuleInput!) { setAlertRule(input: $input) { id kind scopeKind scopeValue severity enabled params { name value } } }',
      { input },
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data?.setAlertRule as { id: string; params: { name: string; value: number }[] };
  };

  const alertsOf = async (deviceId: string, kind?: string): Promise<AlertView[]> => {
    const r = await gql(
      `query($filter: AlertsFilter) { alerts(first: 100, filter: $filter) { edges { node { ${ALERT_FIELDS} } } } }`,
      { filter: { deviceId, ...(kind ? { kind } : {}) } },
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return (r.data?.alerts.edges as { node: AlertView }[]).map((e) => e.node);
  };
  const openAlert = async (deviceId: string, kind: string) =>
    (await alertsOf(deviceId, kind)).find((a) => a.status !== 'RESOLVED') ?? null;
  const getAlert = async (alertId: string): Promise<AlertView> => {
    const r = await gql(`query($id: ID!) { alert(id: $id) { ${ALERT_FIELDS} events { type at details } } }`, {
      id: alertId,
    });
    return r.data?.alert as AlertView;
  };
  const waitForOpen = (deviceId: string, kind: string, timeoutMs = 5000) =>
    waitUntil(() => openAlert(deviceId, kind), timeoutMs);
  const waitForResolved = (alertId: string, timeoutMs = 5000) =>
    waitUntil(async () => {
      const a = await getAlert(alertId);
      return a.status === 'RESOLVED' ? a : null;
    }, timeoutMs);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    cp = await startInProcessWithOverrides({
      env: { ALERT_EVAL_MS: String(EVAL_MS) },
      overrides: [
        { token: ALERT_NOTIFIER, value: notifier },
        { token: BuildOutcomeSource, value: builds },
      ],
    });
    db = await AlertDb.connect(cp.db.url);
    gql = gqlClient(cp.app);
    // Devices tagged FAST alert without waiting, so each kind is seen firing in a second.
    const fast: [string, Record<string, number>][] = [
      ['device_offline', {}],
      ['temperature_high', { thresholdC: 80 }],
      ['power_over_budget', { factor: 1 }],
      ['latency_slo', { sloMs: 50 }],
      ['accuracy_low', { baselineSamples: 1, maxDrop: 0.05 }],
      ['build_failed', {}],
      ['disk_low', { minFreePct: 10 }],
      ['power_unavailable', {}],
    ];
    for (const [kind, params] of fast) {
      await setRule({
        kind,
        scopeKind: 'TAG',
        scopeValue: FAST,
        params: Object.entries({ ...params, durationSec: 0 }).map(([name, value]) => ({ name, value })),
      });
    }
  });

  afterAll(async () => {
    await db?.end();
    await cp?.close();
  });

  const fastDevice = (n: string, seed: DeviceSeed = {}) => db.insertDevice(id(n), { tags: [FAST], ...seed });

  const cases: {
    kind: string;
    severity: string;
    seed?: DeviceSeed;
    prime?: (d: string) => Promise<void>;
    breach: (d: string) => Promise<void>;
    recover: (d: string) => Promise<void>;
    summary: RegExp;
  }[] = [
    {
      kind: 'device_offline',
      severity: 'CRITICAL',
      breach: (d) => db.setOnline(d, false),
      recover: (d) => db.setOnline(d, true),
      summary: /is offline \(lwt\)/,
    },
    {
      kind: 'temperature_high',
      severity: 'WARNING',
      breach: (d) => db.insertSample(d, { tempMaxC: 91 }),
      recover: (d) => db.insertSample(d, { tempMaxC: 60 }),
      summary: /Temperature 91 °C above 80 °C/,
    },
    {
      kind: 'power_over_budget',
      severity: 'WARNING',
      breach: (d) => db.insertSample(d, { powerMw: 17_000, powerMode: '15W' }),
      recover: (d) => db.insertSample(d, { powerMw: 9000, powerMode: '15W' }),
      summary: /Board power 17 W over 15 W \(15W budget 15 W × 1\)/,
    },
    {
      kind: 'latency_slo',
      severity: 'WARNING',
      breach: (d) => db.insertSample(d, { latencyP95Ms: 80 }),
      recover: (d) => db.insertSample(d, { latencyP95Ms: 20 }),
      summary: /p95 latency 80 ms above the 50 ms SLO/,
    },
    {
      kind: 'accuracy_low',
      severity: 'WARNING',
      prime: async (d) => {
        await db.insertSample(d, { ap50: 0.71 });
        await waitUntil(async () => (await db.ruleState('accuracy_low', d))?.state.baseline !== undefined, 5000);
      },
      breach: (d) => db.insertSample(d, { ap50: 0.6 }),
      recover: (d) => db.insertSample(d, { ap50: 0.7 }),
      summary: /AP50 0\.6 0\.11 below the baseline 0\.71/,
    },
    {
      kind: 'build_failed',
      severity: 'WARNING',
      breach: (d) =>
        Promise.resolve(
          builds.set(d, [{ jobId: 'job-1', succeeded: false, finishedAt: new Date(), message: 'trtexec exited 1' }]),
        ),
      recover: (d) =>
        Promise.resolve(
          builds.set(d, [
            { jobId: 'job-1', succeeded: false, finishedAt: new Date(Date.now() - 1000), message: 'x' },
            { jobId: 'job-2', succeeded: true, finishedAt: new Date(), message: null },
          ]),
        ),
      summary: /Engine build job-1 failed: trtexec exited 1/,
    },
    {
      kind: 'disk_low',
      severity: 'WARNING',
      breach: (d) => db.insertSample(d, { diskFreeMB: 1000 }),
      recover: (d) => db.insertSample(d, { diskFreeMB: 30_000 }),
      summary: /Disk 1\.7% free \(1000 of 59000 MB\), below 10%/,
    },
    {
      kind: 'power_unavailable',
      severity: 'INFO',
      breach: (d) => db.insertSample(d, { powerMw: null }),
      recover: (d) => db.insertSample(d, { powerMw: 6000 }),
      summary: /No board power reading; orin-nano-8gb reports it from VDD_IN/,
    },
  ];

  it.each(cases)('$kind raises, notifies, and resolves on its own when the condition clears', async (c) => {
    const d = id(`k-${c.kind}`);
    await fastDevice(`k-${c.kind}`, c.seed);
    await db.insertSample(d);
    await c.prime?.(d);
    await sleep(3 * EVAL_MS);
    expect(await openAlert(d, c.kind)).toBeNull();

    await c.breach(d);
    const raised = await waitForOpen(d, c.kind);
    expect(raised).toMatchObject({ status: 'FIRING', severity: c.severity, deviceId: d });
    expect(raised.summary).toMatch(c.summary);
    // Only this kind fired for the device.
    expect((await alertsOf(d)).map((a) => a.kind)).toEqual([c.kind]);

    await c.recover(d);
    const resolved = await waitForResolved(raised.id);
    expect(resolved.resolvedAt).not.toBeNull();
    expect(resolved.events?.map((e) => e.type)).toEqual(['raised', 'resolved']);
    expect(resolved.events?.[1]?.details).toMatchObject({ reason: 'condition_cleared' });
    await waitUntil(() => notifier.eventsFor(raised.id).length === 2, 2000);
    expect(notifier.eventsFor(raised.id)).toEqual(['alert.raised', 'alert.resolved']);
    const resolvedNote = notifier.calls.find((n) => n.alert.id === raised.id && n.event === 'alert.resolved');
    expect(resolvedNote?.alert).toMatchObject({ kind: c.kind, deviceId: d, status: 'resolved' });
  });

  it('keeps one open alert per key, and a new episode is a new alert', async () => {
    const d = id('dedupe');
    await fastDevice('dedupe');
    await db.insertSample(d, { tempMaxC: 95 });
    const first = await waitForOpen(d, 'temperature_high');
    await sleep(5 * EVAL_MS);
    await db.insertSample(d, { tempMaxC: 96 });
    await sleep(3 * EVAL_MS);
    expect(await alertsOf(d, 'temperature_high')).toHaveLength(1);
    expect((await getAlert(first.id)).events?.map((e) => e.type)).toEqual(['raised']);

    await db.insertSample(d, { tempMaxC: 40 });
    await waitForResolved(first.id);
    await db.insertSample(d, { tempMaxC: 97 });
    const second = await waitForOpen(d, 'temperature_high');
    expect(second.id).not.toBe(first.id);
    expect((await alertsOf(d, 'temperature_high')).map((a) => a.status).sort()).toEqual(['FIRING', 'RESOLVED']);
  });

  it('waits for the duration before raising', async () => {
    const tag = 'alerts-slow';
    const d = id('duration');
    await setRule({
      kind: 'temperature_high',
      scopeKind: 'TAG',
      scopeValue: tag,
      params: [
        { name: 'thresholdC', value: 80 },
        { name: 'durationSec', value: 3 },
      ],
    });
    await db.insertDevice(d, { tags: [tag] });
    let hot = true;
    const feeding = (async () => {
      while (hot) {
        await db.insertSample(d, { tempMaxC: 90 });
        await sleep(250);
      }
    })();
    try {
      const pending = await waitUntil(async () => (await db.ruleState('temperature_high', d))?.condition_since, 5000);
      const since = new Date(pending).getTime();
      await sleep(Math.max(0, since + 1500 - Date.now()));
      expect(await openAlert(d, 'temperature_high')).toBeNull();
      const raised = await waitForOpen(d, 'temperature_high', 6000);
      const firedAfterMs = new Date(raised.firedAt).getTime() - since;
      expect(firedAfterMs).toBeGreaterThanOrEqual(3000);
      expect(firedAfterMs).toBeLessThan(3000 + 2000);
      expect(raised.details).toMatchObject({ durationSec: 3, conditionSince: new Date(since).toISOString() });
    } finally {
      hot = false;
      await feeding;
    }
  });

  it('acknowledges a firing alert, which stays acknowledged until it resolves', async () => {
    const d = id('ack');
    await fastDevice('ack');
    await db.insertSample(d, { latencyP95Ms: 500 });
    const raised = await waitForOpen(d, 'latency_slo');
    const ack = (alertId: string) =>
      gql('mutation($id: ID!) { acknowledgeAlert(id: $id) { id status acknowledgedAt acknowledgedBy } }', {
        id: alertId,
      });

    const first = await ack(raised.id);
    expect(first.data?.acknowledgeAlert).toMatchObject({ id: raised.id, status: 'ACKNOWLEDGED' });
    expect(first.data?.acknowledgeAlert.acknowledgedAt).not.toBeNull();
    // The operator is the API key's name (the tests use the bootstrap admin key).
    expect(first.data?.acknowledgeAlert.acknowledgedBy).toBe('bootstrap');
    // Evaluations go on while the condition still holds: still acknowledged, still one alert.
    await db.insertSample(d, { latencyP95Ms: 600 });
    await sleep(5 * EVAL_MS);
    expect((await alertsOf(d, 'latency_slo')).map((a) => a.status)).toEqual(['ACKNOWLEDGED']);
    // Acknowledging again changes nothing.
    expect((await ack(raised.id)).data?.acknowledgeAlert.status).toBe('ACKNOWLEDGED');

    await db.insertSample(d, { latencyP95Ms: 10 });
    const resolved = await waitForResolved(raised.id);
    expect(resolved.acknowledgedAt).not.toBeNull();
    expect(resolved.events?.map((e) => e.type)).toEqual(['raised', 'acknowledged', 'resolved']);
    expect(notifier.eventsFor(raised.id)).toEqual(['alert.raised', 'alert.acknowledged', 'alert.resolved']);

    const again = await ack(raised.id);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(again.errors?.[0]?.message).toContain('already resolved');
    const unknown = await ack('00000000-0000-4000-8000-000000000000');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await ack('not-a-uuid')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('applies the most specific rule: tag over module over fleet; a disabled tag rule switches it off', async () => {
    const fleet = await setRule({
      kind: 'temperature_high',
      scopeKind: 'FLEET',
      params: [
        { name: 'thresholdC', value: 100 },
        { name: 'durationSec', value: 0 },
      ],
    });
    const moduleRule = await setRule({
      kind: 'temperature_high',
      scopeKind: 'MODULE',
      scopeValue: 'orin-nx-16gb',
      params: [
        { name: 'thresholdC', value: 60 },
        { name: 'durationSec', value: 0 },
      ],
    });
    await setRule({
      kind: 'temperature_high',
      scopeKind: 'TAG',
      scopeValue: 'scope-hot',
      severity: 'CRITICAL',
      params: [
        { name: 'thresholdC', value: 50 },
        { name: 'durationSec', value: 0 },
      ],
    });
    const [tagged, plain, byModule] = [id('scope-tag'), id('scope-fleet'), id('scope-module')];
    await db.insertDevice(tagged, { module: 'orin-nx-16gb', tags: ['scope-hot'] });
    await db.insertDevice(plain, { module: 'orin-nano-8gb' });
    await db.insertDevice(byModule, { module: 'orin-nx-16gb' });
    for (const d of [tagged, plain, byModule]) await db.insertSample(d, { tempMaxC: 70, powerMode: '15W' });

    const a = await waitForOpen(tagged, 'temperature_high');
    expect(a).toMatchObject({ severity: 'CRITICAL', details: { thresholdC: 50, ruleScope: 'tag' } });
    const m = await waitForOpen(byModule, 'temperature_high');
    expect(m).toMatchObject({ severity: 'WARNING', details: { thresholdC: 60, ruleScope: 'module' } });
    await sleep(3 * EVAL_MS);
    expect(await alertsOf(plain, 'temperature_high')).toEqual([]);

    await setRule({ kind: 'temperature_high', scopeKind: 'TAG', scopeValue: 'scope-hot', enabled: false });
    const off = await waitForResolved(a.id);
    expect(off.events?.at(-1)?.details).toMatchObject({ reason: 'rule_disabled' });

    for (const ruleId of [fleet.id, moduleRule.id]) {
      const r = await gql('mutation($id: ID!) { deleteAlertRule(id: $id) { id } }', { id: ruleId });
      expect(r.data?.deleteAlertRule.id).toBe(ruleId);
    }
  });

  it('validates rules and names the bad field', async () => {
    const set = (input: Record<string, unknown>) =>
      gql('mutation($input: SetAlertRuleInput!) { setAlertRule(input: $input) { id } }', { input });
    const unknownKind = await set({ kind: 'cpu_on_fire', scopeKind: 'FLEET' });
    expect(unknownKind.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'kind' } });
    expect(unknownKind.errors?.[0]?.message).toContain('kind: unknown alert kind "cpu_on_fire"');

    const badParam = await set({
      kind: 'temperature_high',
      scopeKind: 'FLEET',
      params: [{ name: 'thresholdC', value: 1000 }],
    });
    expect(badParam.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'params.thresholdC' },
    });
    const unknownParam = await set({ kind: 'disk_low', scopeKind: 'FLEET', params: [{ name: 'pct', value: 5 }] });
    expect(unknownParam.errors?.[0]?.extensions?.details).toMatchObject({ field: 'params.pct' });
    const badModule = await set({ kind: 'disk_low', scopeKind: 'MODULE', scopeValue: 'orin-mega' });
    expect(badModule.errors?.[0]?.extensions?.details).toMatchObject({ field: 'scopeValue' });
    const badSeverity = await set({ kind: 'disk_low', scopeKind: 'FLEET', severity: 'PANIC' });
    expect(badSeverity.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const missing = await gql('mutation { deleteAlertRule(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('lists rules and kinds with their defaults', async () => {
    const rules = await gql('{ alertRules { kind scopeKind scopeValue enabled params { name value } } }');
    expect(rules.data?.alertRules).toEqual(
      expect.arrayContaining([
        {
          kind: 'temperature_high',
          scopeKind: 'TAG',
          scopeValue: FAST,
          enabled: true,
          params: expect.arrayContaining([{ name: 'thresholdC', value: 80 }]),
        },
      ]),
    );
    const kinds = await gql('{ alertKinds { kind defaultSeverity params { name default min max } } }');
    expect(kinds.data?.alertKinds).toHaveLength(8);
    expect(kinds.data?.alertKinds).toContainEqual({
      kind: 'disk_low',
      defaultSeverity: 'WARNING',
      params: [
        { name: 'minFreePct', default: 10, min: 0, max: 100 },
        { name: 'durationSec', default: 0, min: 0, max: 604_800 },
      ],
    });
  });

  it('pages through alerts newest first with opaque cursors and filters', async () => {
    const d = id('pages');
    await fastDevice('pages', { diskFreeMB: 100 });
    await db.insertSample(d, { tempMaxC: 99, latencyP95Ms: 999, diskFreeMB: 100 });
    await waitUntil(async () => (await alertsOf(d)).length === 3, 5000);
    const q = `query($after: String) { alerts(first: 2, after: $after, filter: { deviceId: "${d}", status: FIRING }) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { kind firedAt } } } }`;
    const p1 = await gql(q);
    expect(p1.data?.alerts.totalCount).toBe(3);
    expect(p1.data?.alerts.edges).toHaveLength(2);
    expect(p1.data?.alerts.pageInfo.hasNextPage).toBe(true);
    const p2 = await gql(q, { after: p1.data?.alerts.pageInfo.endCursor });
    expect(p2.data?.alerts.edges).toHaveLength(1);
    expect(p2.data?.alerts.pageInfo.hasNextPage).toBe(false);
    const kinds = [...(p1.data?.alerts.edges ?? []), ...(p2.data?.alerts.edges ?? [])].map((e: any) => e.node.kind);
    expect(kinds.sort()).toEqual(['disk_low', 'latency_slo', 'temperature_high']);
    const bySeverity = await gql(
      `{ alerts(filter: { deviceId: "${d}", kind: "disk_low", severity: WARNING }) { totalCount } }`,
    );
    expect(bySeverity.data?.alerts.totalCount).toBe(1);
    const bad = await gql('{ alerts(first: 2, after: "garbage") { totalCount } }');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'after' } });
  });

  it('streams raised and updated alerts over graphql-ws', async () => {
    const port = (cp.app.getHttpServer().address() as AddressInfo).port;
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      connectionParams: wsConnectionParams(),
    });
    const d = id('ws');
    const raised: AlertView[] = [];
    const updated: AlertView[] = [];
    const listen = (field: 'alertRaised' | 'alertUpdated', sink: AlertView[]) =>
      new Promise<void>((resolve, reject) => {
        client.subscribe<Record<string, AlertView>>(
          { query: `subscription { ${field} { ${ALERT_FIELDS} } }` },
          {
            next: (m) => {
              const a = m.data?.[field];
              if (a?.deviceId === d) sink.push(a);
            },
            error: reject,
            complete: () => resolve(),
          },
        );
      });
    void listen('alertRaised', raised);
    void listen('alertUpdated', updated);
    try {
      await sleep(300); // subscriptions registered on the server
      await fastDevice('ws');
      await db.insertSample(d, { tempMaxC: 99 });
      await waitUntil(() => raised.length > 0, 5000);
      expect(raised[0]).toMatchObject({ kind: 'temperature_high', status: 'FIRING', deviceId: d });
      await db.insertSample(d, { tempMaxC: 20 });
      await waitUntil(() => updated.length > 0, 5000);
      expect(updated[0]).toMatchObject({ id: raised[0]?.id, status: 'RESOLVED' });
      expect(updated[0]?.resolvedAt).not.toBeNull();
    } finally {
      await client.dispose();
    }
  });
});
