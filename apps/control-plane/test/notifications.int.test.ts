import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALERT_NOTIFIER,
  type AlertNotification,
  type AlertNotifier,
  type AlertSeverity,
} from '../src/notifications/alert-notification.types.js';
import { WebhookDeliveryProcessor } from '../src/notifications/jobs/webhook-delivery.processor.js';
import { verifyWebhookSignature, type WebhookSignatureResult } from '../src/notifications/webhook-signature.util.js';
import { JobName, QueueName } from '../src/queue/queue.constants.js';
import { graphqlClient, type Gql } from '../../../test/support/graphql-client.js';
import { startInProcess, type InProcessControlPlane } from '../../../test/support/in-process-control-plane.js';
import { waitUntil } from '../../../test/support/wait-until.js';

const MAX_ATTEMPTS = 4;
const TIMEOUT_MS = 1000;

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  at: number;
  verified: WebhookSignatureResult;
}

type Behaviour = (nth: number) => number | 'hang';

/**
 * A webhook receiver on 127.0.0.1: each path behaves as told (a status code per request number,
 * or never answering), verifies the signature with the secret registered for it, and records
 * every request.
 */
class Receiver {
  readonly received: Received[] = [];
  private readonly behaviours = new Map<string, Behaviour>();
  private readonly secrets = new Map<string, string>();
  private readonly hanging = new Set<http.ServerResponse>();
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const body = Buffer.concat(chunks);
      const verified = verifyWebhookSignature({
        secret: this.secrets.get(path) ?? '',
        body,
        timestamp: req.headers['x-jetfleet-timestamp'] as string | undefined,
        signature: req.headers['x-jetfleet-signature'] as string | undefined,
      });
      this.received.push({ path, headers: req.headers, body, at: Date.now(), verified });
      const nth = this.received.filter((r) => r.path === path).length;
      const outcome = verified.ok ? (this.behaviours.get(path) ?? (() => 200))(nth) : 401;
      if (outcome === 'hang') this.hanging.add(res);
      else res.writeHead(outcome, { 'content-type': 'text/plain' }).end(outcome >= 300 ? 'receiver says no' : 'ok');
    });
  });

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  on(path: string, behaviour: Behaviour): void {
    this.behaviours.set(path, behaviour);
  }

  secret(path: string, secret: string): void {
    this.secrets.set(path, secret);
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

let seq = 0;
const alert = (severity: AlertSeverity, over: Partial<AlertNotification> = {}): AlertNotification => ({
  id: randomUUID(),
  kind: 'gpu_temperature',
  deviceId: `nano-${++seq}`,
  severity,
  status: 'firing',
  summary: 'GPU at 91 °C for 5 minutes',
  details: { tempC: 91, thresholdC: 85 },
  firedAt: new Date().toISOString(),
  resolvedAt: null,
  ...over,
});

interface Delivery {
  id: string;
  alertId: string | null;
  event: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}

describe('webhook notifications (PostgreSQL, Redis, HTTP)', () => {
  let cp: InProcessControlPlane;
  let notifier: AlertNotifier;
  const receiver = new Receiver();

  const gql: Gql = (query, variables) => graphqlClient(cp.app)(query, variables);

  /** Registers an endpoint for `path` on the receiver and tells the receiver its secret. */
  const createEndpoint = async (path: string, severities: string[], secret?: string) => {
    const res = await gql(
      `mutation($input: CreateWebhookEndpointInput!) {
        createWebhookEndpoint(input: $input) { secret endpoint { id url severities enabled createdAt } }
      }`,
      { input: { url: receiver.url(path), severities, ...(secret ? { secret } : {}) } },
    );
    expect(res.errors).toBeUndefined();
    const created = res.data?.createWebhookEndpoint as { secret: string; endpoint: { id: string; url: string } };
    receiver.secret(path, created.secret);
    return created;
  };

  const deliveries = async (endpointId: string): Promise<Delivery[]> => {
    const res = await gql(
      `query($id: ID!) { webhookDeliveries(endpointId: $id, first: 100) {
        id alertId event status attempts lastStatusCode lastError deliveredAt } }`,
      { id: endpointId },
    );
    expect(res.errors).toBeUndefined();
    return res.data?.webhookDeliveries as Delivery[];
  };

  const deliveryFor = async (endpointId: string, alertId: string, status?: string) => {
    const d = (await deliveries(endpointId)).find((x) => x.alertId === alertId);
    return d && (!status || d.status === status) ? d : null;
  };

  beforeAll(async () => {
    await receiver.listen();
    cp = await startInProcess({
      WEBHOOK_BACKOFF_MS: '50',
      WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
      WEBHOOK_CONCURRENCY: '10',
    });
    notifier = cp.app.get<AlertNotifier>(ALERT_NOTIFIER);
  });

  afterAll(async () => {
    await receiver.close();
    await cp?.close();
  });

  it('creates an endpoint with a generated secret shown only on creation', async () => {
    const created = await createEndpoint('/created', ['critical', 'info', 'critical']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.endpoint).toMatchObject({ url: receiver.url('/created'), severities: ['info', 'critical'] });
    const listed = await gql('{ webhookEndpoints { id url severities enabled } }');
    expect(listed.data?.webhookEndpoints).toContainEqual({
      id: created.endpoint.id,
      url: receiver.url('/created'),
      severities: ['info', 'critical'],
      enabled: true,
    });
    const secretField = await gql('{ webhookEndpoints { id secret } }');
    expect(secretField.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('delivers a signed alert that verifies; a tampered body does not', async () => {
    const secret = 'a-receiver-chosen-secret-0001';
    const { endpoint } = await createEndpoint('/signed', ['critical'], secret);
    const a = alert('critical');
    await notifier.notifyAlert('alert.raised', a);

    const [got] = await waitUntil(() => (receiver.at('/signed').length ? receiver.at('/signed') : null), 5000);
    expect(got?.verified).toEqual({ ok: true });
    expect(got?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-jetfleet-event': 'alert.raised',
      'x-jetfleet-signature': expect.stringMatching(/^sha256=[0-9a-f]{64}$/),
    });
    const body = JSON.parse(got!.body.toString('utf8'));
    expect(body).toEqual({ event: 'alert.raised', alert: a, sentAt: expect.any(String) });

    const check = {
      secret,
      timestamp: got!.headers['x-jetfleet-timestamp'] as string,
      signature: got!.headers['x-jetfleet-signature'] as string,
    };
    const tampered = got!.body.toString('utf8').replace('"critical"', '"info"');
    expect(verifyWebhookSignature({ ...check, body: tampered })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature({ ...check, body: got!.body, secret: 'another-secret-entirely' }).ok).toBe(false);

    const d = await waitUntil(() => deliveryFor(endpoint.id, a.id, 'succeeded'), 5000);
    expect(d).toMatchObject({ event: 'alert.raised', attempts: 1, lastStatusCode: 200, lastError: null });
    expect(d.deliveredAt).not.toBeNull();
    expect(got?.headers['x-jetfleet-delivery']).toBe(d.id);
  });

  it('retries a failing endpoint with backoff until it succeeds', async () => {
    receiver.on('/flaky', (nth) => (nth <= 2 ? 500 : 200));
    const { endpoint } = await createEndpoint('/flaky', ['warning']);
    const a = alert('warning');
    await notifier.notifyAlert('alert.raised', a);

    const d = await waitUntil(() => deliveryFor(endpoint.id, a.id, 'succeeded'), 10_000);
    expect(d).toMatchObject({ status: 'succeeded', attempts: 3, lastStatusCode: 200, lastError: null });
    const tries = receiver.at('/flaky');
    expect(tries).toHaveLength(3);
    expect(new Set(tries.map((t) => t.headers['x-jetfleet-delivery']))).toEqual(new Set([d.id]));
    expect(tries.every((t) => t.verified.ok)).toBe(true);
  });

  it('records the error of each try and gives up after the last attempt', async () => {
    receiver.on('/down', () => 503);
    const { endpoint } = await createEndpoint('/down', ['warning']);
    const a = alert('warning');
    await notifier.notifyAlert('alert.raised', a);

    const d = await waitUntil(() => deliveryFor(endpoint.id, a.id, 'failed'), 10_000);
    expect(d).toMatchObject({ attempts: MAX_ATTEMPTS, lastStatusCode: 503, deliveredAt: null });
    expect(d.lastError).toBe('HTTP 503: receiver says no');
    expect(receiver.at('/down')).toHaveLength(MAX_ATTEMPTS);
  });

  it('does not let a hanging endpoint delay delivery to a healthy one', async () => {
    expect(cp.app.get(WebhookDeliveryProcessor).worker.concurrency).toBe(10);
    receiver.on('/hang', () => 'hang');
    const hang = await createEndpoint('/hang', ['info', 'critical']);
    const healthy = await createEndpoint('/healthy', ['critical']);
    // Several deliveries already stuck on the hanging endpoint, then one that goes to both.
    for (let i = 0; i < 4; i++) await notifier.notifyAlert('alert.raised', alert('info'));
    await waitUntil(() => receiver.at('/hang').length >= 4, 5000);
    const a = alert('critical');
    const sentAt = Date.now();
    await notifier.notifyAlert('alert.raised', a);

    const [got] = await waitUntil(() => (receiver.at('/healthy').length ? receiver.at('/healthy') : null), 5000);
    expect(got!.at - sentAt).toBeLessThan(TIMEOUT_MS / 2);

    const stuck = await waitUntil(() => deliveryFor(hang.endpoint.id, a.id, 'failed'), 15_000);
    expect(stuck).toMatchObject({ attempts: MAX_ATTEMPTS, lastStatusCode: null });
    expect(stuck.lastError).toBe(`no response within ${TIMEOUT_MS} ms`);
    expect(await deliveryFor(healthy.endpoint.id, a.id, 'succeeded')).not.toBeNull();
  });

  it('sends only the severities an endpoint asked for, and nothing to a disabled endpoint', async () => {
    const critical = await createEndpoint('/only-critical', ['critical']);
    const lower = await createEndpoint('/info-warning', ['info', 'warning']);
    const off = await createEndpoint('/disabled', ['warning']);
    const disabled = await gql(
      'mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: false }) { enabled } }',
      {
        id: off.endpoint.id,
      },
    );
    expect(disabled.data?.updateWebhookEndpoint).toEqual({ enabled: false });

    const w = alert('warning');
    await notifier.notifyAlert('alert.updated', w);
    // notifyAlert resolves once every delivery row exists, so absence is already final here.
    expect(await deliveryFor(critical.endpoint.id, w.id)).toBeNull();
    expect(await deliveryFor(off.endpoint.id, w.id)).toBeNull();
    await waitUntil(() => deliveryFor(lower.endpoint.id, w.id, 'succeeded'), 5000);
    expect(receiver.at('/info-warning')[0]?.headers['x-jetfleet-event']).toBe('alert.updated');
    expect(receiver.at('/only-critical')).toHaveLength(0);
    expect(receiver.at('/disabled')).toHaveLength(0);
  });

  it('sends a delivery once even when its job runs again', async () => {
    const { endpoint } = await createEndpoint('/once', ['info']);
    const a = alert('info');
    await notifier.notifyAlert('alert.resolved', a);
    const d = await waitUntil(() => deliveryFor(endpoint.id, a.id, 'succeeded'), 5000);

    const queue = cp.app.get<Queue>(getQueueToken(QueueName.WebhookDelivery));
    const again = await queue.add(JobName.DeliverWebhook, { deliveryId: d.id }, { jobId: `${d.id}-again` });
    await waitUntil(async () => (await again.isCompleted()) || null, 5000);
    expect((await queue.getJob(again.id!))?.returnvalue).toBe('already-final');
    // Same id as the first job: BullMQ keeps one job per delivery.
    const dup = await queue.add(JobName.DeliverWebhook, { deliveryId: d.id }, { jobId: d.id });
    expect(dup.id).toBe(d.id);
    expect(receiver.at('/once')).toHaveLength(1);
    expect(await deliveryFor(endpoint.id, a.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('updates, rotates the secret of, and deletes an endpoint', async () => {
    const { endpoint } = await createEndpoint('/lifecycle', ['info']);
    const newSecret = 'rotated-secret-0123456789';
    const updated = await gql(
      `mutation($id: ID!, $input: UpdateWebhookEndpointInput!) {
        updateWebhookEndpoint(id: $id, input: $input) { id url severities enabled } }`,
      { id: endpoint.id, input: { severities: ['warning', 'info'], secret: newSecret } },
    );
    expect(updated.data?.updateWebhookEndpoint).toMatchObject({ severities: ['info', 'warning'], enabled: true });
    receiver.secret('/lifecycle', newSecret);
    const a = alert('warning');
    await notifier.notifyAlert('alert.acknowledged', a);
    await waitUntil(() => deliveryFor(endpoint.id, a.id, 'succeeded'), 5000);
    expect(receiver.at('/lifecycle')[0]?.verified.ok).toBe(true);

    const deleted = await gql('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: endpoint.id });
    expect(deleted.data?.deleteWebhookEndpoint).toBe(true);
    const listed = await gql('{ webhookEndpoints { id } }');
    expect(listed.data?.webhookEndpoints).not.toContainEqual({ id: endpoint.id });
    const log = await gql('query($id: ID!) { webhookDeliveries(endpointId: $id) { id } }', { id: endpoint.id });
    expect(log.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses bad input with coded errors', async () => {
    const create = (input: Record<string, unknown>) =>
      gql('mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }', {
        input,
      });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ url: 'ftp://example.com/hook', severities: ['info'] }, /http or https/],
      [{ url: 'not a url', severities: ['info'] }, /not an absolute URL/],
      [{ url: 'https://user:pw@example.com/', severities: ['info'] }, /credentials/],
      [{ url: 'https://example.com/hook', severities: [] }, /at least one/],
      [{ url: 'https://example.com/hook', severities: ['info', 'fatal'] }, /unknown severity "fatal"/],
      [{ url: 'https://example.com/hook', severities: ['info'], secret: 'short' }, /secret/],
    ];
    for (const [input, message] of cases) {
      const res = await create(input);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(message);
      expect(res.data?.createWebhookEndpoint ?? null).toBeNull();
    }

    const missing = randomUUID();
    const upd = await gql('mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: false }) { id } }', {
      id: missing,
    });
    expect(upd.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const badUrl = await gql(
      'mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { url: "gopher://x" }) { id } }',
      {
        id: missing,
      },
    );
    expect(badUrl.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const del = await gql('mutation { deleteWebhookEndpoint(id: "42") }');
    expect(del.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const delMissing = await gql('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: missing });
    expect(delMissing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const { endpoint } = await createEndpoint('/paging', ['info']);
    const page = await gql('query($id: ID!) { webhookDeliveries(endpointId: $id, first: 0) { id } }', {
      id: endpoint.id,
    });
    expect(page.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
