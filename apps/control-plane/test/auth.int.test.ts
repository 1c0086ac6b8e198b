import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PUBLIC_METADATA, ROLES_METADATA } from '../src/auth/roles.decorator.js';
import { bearer, gqlOk, graphqlClient, type Gql } from '../../../test/support/graphql-client.js';
import { startInProcess, type InProcessControlPlane } from '../../../test/support/in-process-control-plane.js';
import { startInProcessWithOverrides } from '../../../test/support/in-process-with-overrides.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { TEST_ADMIN_API_KEY } from '../../../test/support/test-env.js';

const MAX_DEPTH = 5;
const MAX_COMPLEXITY = 2000;
const BODY_LIMIT = 16 * 1024;

const codes = (body: { errors?: { extensions?: { code?: string } }[] }) =>
  (body.errors ?? []).map((e) => e.extensions?.code);

interface CreatedKey {
  key: string;
  apiKey: { id: string; name: string; prefix: string; role: string };
}

/** Nest's own metadata keys (@nestjs/graphql graphql.constants), read to find every resolver method. */
const RESOLVER_TYPE = 'graphql:resolver_type';
const RESOLVE_PROPERTY = 'graphql:resolve_property';

interface ResolverMethod {
  name: string;
  kind: string;
  role: string | undefined;
  isPublic: boolean;
}

/** Every resolver method of the booted app: root fields, subscriptions and resolve-fields. */
function resolverMethods(app: INestApplication): ResolverMethod[] {
  const found = new Map<string, ResolverMethod>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      const instance = wrapper.instance as object | null | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const ctor = instance.constructor as object;
      const proto = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(proto)) {
        // Read descriptors, not properties: some providers have getters that must not run here.
        const method = Object.getOwnPropertyDescriptor(proto, key)?.value as unknown;
        if (key === 'constructor' || typeof method !== 'function') continue;
        const type = Reflect.getMetadata(RESOLVER_TYPE, method) as string | undefined;
        const isField = Reflect.getMetadata(RESOLVE_PROPERTY, method) === true;
        if (!type && !isField) continue;
        const meta = (k: string) =>
          (Reflect.getMetadata(k, method) as unknown) ?? (Reflect.getMetadata(k, ctor) as unknown);
        found.set(`${(ctor as { name: string }).name}.${key}`, {
          name: `${(ctor as { name: string }).name}.${key}`,
          kind: isField ? 'ResolveField' : (type as string),
          role: meta(ROLES_METADATA) as string | undefined,
          isPublic: meta(PUBLIC_METADATA) === true,
        });
      }
    }
  }
  return [...found.values()];
}

describe('operators: API keys, roles, audit, GraphQL limits', () => {
  let cp: InProcessControlPlane;
  let sql: pg.Pool;
  let admin: Gql;
  let viewerKey: CreatedKey;
  let operatorKey: CreatedKey;
  const server = () => cp.app.getHttpServer() as Parameters<typeof request>[0];
  const as = (apiKey: string | null) => graphqlClient(cp.app, { apiKey });
  const createKey = async (name: string, role: string, expiresAt?: string): Promise<CreatedKey> =>
    (
      await gqlOk(
        admin,
        `mutation($n: String!, $r: ApiKeyRole!, $e: DateTime) {
          createApiKey(name: $n, role: $r, expiresAt: $e) { key apiKey { id name prefix role } }
        }`,
        { n: name, r: role, e: expiresAt ?? null },
      )
    ).createApiKey as CreatedKey;
  const auditRows = async (action: string) =>
    (
      await sql.query<{
        actor_key_id: string | null;
        actor_name: string | null;
        role: string | null;
        input_summary: Record<string, unknown> | null;
        outcome: string;
        error_code: string | null;
      }>(
        'SELECT actor_key_id, actor_name, role, input_summary, outcome, error_code FROM audit_log WHERE action = $1 ORDER BY id',
        [action],
      )
    ).rows;

  beforeAll(async () => {
    cp = await startInProcess({
      GRAPHQL_MAX_DEPTH: String(MAX_DEPTH),
      GRAPHQL_MAX_COMPLEXITY: String(MAX_COMPLEXITY),
      HTTP_JSON_BODY_LIMIT_BYTES: String(BODY_LIMIT),
      LOG_LEVEL: 'error',
    });
    sql = new pg.Pool({ connectionString: cp.db.url });
    admin = graphqlClient(cp.app);
    viewerKey = await createKey('dashboard', 'VIEWER');
    operatorKey = await createKey('ci deploys', 'OPERATOR');
  });

  afterAll(async () => {
    await sql?.end();
    await cp?.close();
  });

  it('refuses a request without a key or with an unknown or malformed one as UNAUTHENTICATED', async () => {
    const query = '{ devices(first: 1) { totalCount } }';
    const none = await as(null)(query);
    expect(codes(none)).toEqual(['UNAUTHENTICATED']);
    expect(none.errors?.[0]?.message).toMatch(/an API key is required/);
    expect(none.data).toBeNull();

    const unknown = await as(`jf_0123456789ab_${'f'.repeat(64)}`)(query);
    expect(codes(unknown)).toEqual(['UNAUTHENTICATED']);
    expect(unknown.errors?.[0]?.message).toBe('the API key is not valid');

    // A real prefix with a wrong secret is refused the same way.
    const guessed = await as(`jf_${viewerKey.apiKey.prefix}_${'a'.repeat(64)}`)(query);
    expect(guessed.errors?.[0]?.message).toBe('the API key is not valid');
    expect(codes(await as('not-a-key')(query))).toEqual(['UNAUTHENTICATED']);
  });

  it('shows a new key once and stores only its HMAC-SHA-256', async () => {
    expect(viewerKey.key).toMatch(/^jf_[0-9a-f]{12}_[0-9a-f]{64}$/);
    expect(viewerKey.key.startsWith(`jf_${viewerKey.apiKey.prefix}_`)).toBe(true);
    const row = (await sql.query('SELECT * FROM api_keys WHERE id = $1', [viewerKey.apiKey.id])).rows[0] as Record<
      string,
      unknown
    >;
    const secret = viewerKey.key.split('_')[2] as string;
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.secret_hash).toBe(createHmac('sha256', 'jetfleet/api-key/v1').update(viewerKey.key).digest('hex'));
    expect(row).toMatchObject({ name: 'dashboard', role: 'viewer', revoked_at: null });

    const listed = await gqlOk(admin, '{ apiKeys { id name prefix role createdBy revokedAt } }');
    const names = (listed.apiKeys as { name: string }[]).map((k) => k.name);
    expect(names).toEqual(expect.arrayContaining(['bootstrap', 'dashboard', 'ci deploys']));
    expect(JSON.stringify(listed)).not.toContain(secret);
    const bootstrap = (await sql.query("SELECT role, created_by FROM api_keys WHERE name = 'bootstrap'")).rows;
    expect(bootstrap).toEqual([{ role: 'admin', created_by: 'config:BOOTSTRAP_ADMIN_API_KEY' }]);
  });

  it('lets a viewer read but not change anything, and records when a key was last used', async () => {
    const viewer = as(viewerKey.key);
    expect((await gqlOk(viewer, '{ devices(first: 5) { totalCount } }')).devices.totalCount).toEqual(
      expect.any(Number),
    );
    const mutate = await viewer('mutation { setDeviceTags(id: "no-such-device", tags: ["x"]) { id } }');
    // Refused by role before the resolver could say NOT_FOUND.
    expect(codes(mutate)).toEqual(['FORBIDDEN']);
    expect(mutate.errors?.[0]?.message).toBe('Mutation.setDeviceTags needs the operator role; this key is viewer');
    const used = await sql.query('SELECT last_used_at FROM api_keys WHERE id = $1', [viewerKey.apiKey.id]);
    expect(used.rows[0]?.last_used_at).toBeInstanceOf(Date);
  });

  it('lets an operator change the fleet but not manage keys or read the audit log', async () => {
    const operator = as(operatorKey.key);
    const token = await gqlOk(operator, 'mutation { createUploadToken(kind: ONNX) { token } }');
    expect(token.createUploadToken.token).toBeTruthy();
    const create = await operator('mutation { createApiKey(name: "mine", role: ADMIN) { key } }');
    expect(codes(create)).toEqual(['FORBIDDEN']);
    expect(codes(await operator('{ apiKeys { id } }'))).toEqual(['FORBIDDEN']);
    expect(codes(await operator('{ auditLog(first: 5) { edges { cursor } } }'))).toEqual(['FORBIDDEN']);
    expect(codes(await as(viewerKey.key)('{ auditLog(first: 5) { edges { cursor } } }'))).toEqual(['FORBIDDEN']);
  });

  it('refuses a revoked key at once and an expired one', async () => {
    const doomed = await createKey('laptop', 'OPERATOR');
    const query = '{ devices(first: 1) { totalCount } }';
    await gqlOk(as(doomed.key), query);
    const revoked = await gqlOk(admin, 'mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }', {
      id: doomed.apiKey.id,
    });
    expect(revoked.revokeApiKey.revokedAt).toBeTruthy();
    const after = await as(doomed.key)(query);
    expect(codes(after)).toEqual(['UNAUTHENTICATED']);
    expect(after.errors?.[0]?.message).toBe('the API key "laptop" was revoked');

    const shortLived = await createKey('temp', 'VIEWER', new Date(Date.now() + 60_000).toISOString());
    await gqlOk(as(shortLived.key), query);
    await sql.query("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1", [
      shortLived.apiKey.id,
    ]);
    const expired = await as(shortLived.key)(query);
    expect(codes(expired)).toEqual(['UNAUTHENTICATED']);
    expect(expired.errors?.[0]?.message).toMatch(/^the API key "temp" expired at /);

    const past = await admin(
      'mutation { createApiKey(name: "old", role: VIEWER, expiresAt: "2020-01-01T00:00:00Z") { key } }',
    );
    expect(codes(past)).toEqual(['BAD_USER_INPUT']);
    const unknown = await admin('mutation { revokeApiKey(id: "00000000-0000-0000-0000-000000000000") { id } }');
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
  });

  it('audits every mutation, successful, failed or refused, with secrets redacted', async () => {
    const operator = as(operatorKey.key);
    const long = 'x'.repeat(300);
    const created = await operator(
      `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`,
      { input: { url: `https://hooks.example/${long}`, severities: ['critical'], secret: 'super-secret-signing-key' } },
    );
    expect(created.errors).toBeUndefined();
    const failed = await operator('mutation { setDeviceTags(id: "no-such-device", tags: ["a"]) { id } }');
    expect(codes(failed)).toEqual(['NOT_FOUND']);
    await as(null)('mutation { setDeviceTags(id: "anonymous", tags: []) { id } }');

    const hooks = await auditRows('createWebhookEndpoint');
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({
      actor_key_id: operatorKey.apiKey.id,
      actor_name: 'ci deploys',
      role: 'operator',
      outcome: 'ok',
    });
    const input = hooks[0]?.input_summary?.input as Record<string, unknown>;
    expect(input.secret).toBe('[redacted]');
    expect(input.url).toMatch(/…\(\+\d+ chars\)$/);
    expect(JSON.stringify(hooks)).not.toContain('super-secret-signing-key');

    const tags = await auditRows('setDeviceTags');
    expect(tags.map((r) => [r.actor_name, r.outcome, r.error_code])).toEqual([
      ['dashboard', 'error', 'FORBIDDEN'],
      ['ci deploys', 'error', 'NOT_FOUND'],
      [null, 'error', 'UNAUTHENTICATED'],
    ]);
    expect(tags[0]?.input_summary).toEqual({ id: 'no-such-device', tags: ['x'] });

    // The key's own mutation is audited without the key (it is in the result, never the input).
    const keys = await auditRows('createApiKey');
    expect(keys.filter((r) => r.outcome === 'ok').length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(keys)).not.toContain(viewerKey.key);

    const page = await gqlOk(
      admin,
      `query($after: String) { auditLog(first: 2, action: "setDeviceTags", after: $after) {
        edges { cursor node { actorName role action input outcome errorCode } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(page.auditLog.edges.map((e: { node: { errorCode: string } }) => e.node.errorCode)).toEqual([
      'UNAUTHENTICATED',
      'NOT_FOUND',
    ]);
    expect(page.auditLog.pageInfo.hasNextPage).toBe(true);
    const rest = await gqlOk(
      admin,
      `query($after: String) { auditLog(first: 2, action: "setDeviceTags", after: $after) {
        edges { node { actorName input } } pageInfo { hasNextPage } } }`,
      { after: page.auditLog.pageInfo.endCursor },
    );
    expect(rest.auditLog.edges).toEqual([
      { node: { actorName: 'dashboard', input: '{"id":"no-such-device","tags":["x"]}' } },
    ]);
    expect(rest.auditLog.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses queries deeper or costlier than the limits, before running them', async () => {
    const post = (query: string) => request(server()).post('/graphql').set(bearer(TEST_ADMIN_API_KEY)).send({ query });
    const deep = await post('{ devices(first: 1) { edges { node { latestTelemetry { temps { zone } } } } } }');
    expect(deep.status).toBe(400);
    expect(codes(deep.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(deep.body.errors[0].message).toBe(`the operation is nested 6 levels deep; the limit is ${MAX_DEPTH}`);
    expect((await post('{ devices(first: 1) { edges { node { latestTelemetry { powerMw } } } } }')).status).toBe(200);

    // 1 + 500 × (edges 1 + node 1 + 3 fields) = 2,501, over the limit of 2,000; a page of 100 is 501.
    const costly = await post('{ devices(first: 500) { edges { node { id module tags } } } }');
    expect(costly.status).toBe(400);
    expect(costly.body.errors[0]).toMatchObject({
      message: `the operation's complexity is 2501; the limit is ${MAX_COMPLEXITY}`,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const aliases = await post(
      `{ ${Array.from({ length: 5 }, (_, i) => `a${i}: devices(first: 100) { edges { node { id module tags } } }`).join(' ')} }`,
    );
    expect(aliases.status).toBe(400);
    expect((await post('{ devices(first: 100) { edges { node { id module tags } } } }')).body.errors).toBeUndefined();
  });

  it('refuses a request body over HTTP_JSON_BODY_LIMIT_BYTES with 413', async () => {
    const query = `{ devices(first: 1) { totalCount } } # ${'x'.repeat(BODY_LIMIT)}`;
    const res = await request(server())
      .post('/graphql')
      .set(bearer(TEST_ADMIN_API_KEY))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ query }));
    expect(res.status).toBe(413);
    const small = await request(server())
      .post('/graphql')
      .set(bearer(TEST_ADMIN_API_KEY))
      .send({ query: `{ devices(first: 1) { totalCount } } # ${'x'.repeat(BODY_LIMIT / 2)}` });
    expect(small.status).toBe(200);
  });

  it('closes a subscription socket without a valid key and serves one with a key', async () => {
    const url = `ws://127.0.0.1:${(cp.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    const subscribe = (connectionParams: Record<string, unknown>) =>
      new Promise<{ closedWith?: number; connected?: boolean }>((resolve) => {
        const client = createClient({
          url,
          webSocketImpl: WebSocket,
          lazy: false,
          retryAttempts: 0,
          connectionParams,
          onNonLazyError: () => undefined,
          on: {
            connected: () => {
              resolve({ connected: true });
              void client.dispose();
            },
            closed: (event) => resolve({ closedWith: (event as { code: number }).code }),
          },
        });
        client.subscribe(
          { query: 'subscription { deviceStatusChanged { deviceId } }' },
          { next: () => undefined, error: () => undefined, complete: () => undefined },
        );
      });
    expect(await subscribe({})).toEqual({ closedWith: 4403 });
    expect(await subscribe({ authorization: `Bearer jf_0123456789ab_${'f'.repeat(64)}` })).toEqual({
      closedWith: 4403,
    });
    expect(await subscribe({ authorization: `Bearer ${viewerKey.key}` })).toEqual({ connected: true });
  });

  it('needs an operator key to upload a model; device engine uploads keep their token alone', async () => {
    const grant = (await gqlOk(as(operatorKey.key), 'mutation { createUploadToken(kind: GOLDEN) { token uploadUrl } }'))
      .createUploadToken as { token: string; uploadUrl: string };
    const path = new URL(grant.uploadUrl);
    const put = (apiKey: string | null) => {
      const req = request(server())
        .put(`${path.pathname}${path.search}`)
        .set('Content-Type', 'application/octet-stream');
      if (apiKey) req.set(bearer(apiKey));
      return req.send(Buffer.from('golden set'));
    };
    const anonymous = await put(null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    expect(anonymous.body.message).toMatch(/an operator API key goes in "Authorization: Bearer jf_…"/);
    const viewer = await put(viewerKey.key);
    expect(viewer.status).toBe(403);
    expect(viewer.body.message).toBe('uploading artifacts needs the operator role; this key is viewer');
    expect((await put(operatorKey.key)).status).toBe(201);
  });

  it('guards every resolver method with a role (or an explicit @Public), mutations with operator or more', () => {
    const methods = resolverMethods(cp.app);
    // The inventory must see what we know is there, or an empty list would pass.
    expect(methods.map((m) => m.name)).toEqual(
      expect.arrayContaining([
        'DeviceResolver.devices',
        'DeviceResolver.setDeviceTags',
        'DeviceResolver.deviceStatusChanged',
        'DeviceAlertsResolver.openAlerts',
        'ApiKeyResolver.createApiKey',
      ]),
    );
    const unguarded = methods.filter((m) => !m.role && !m.isPublic).map((m) => m.name);
    expect(unguarded, `resolver methods without @Roles: ${unguarded.join(', ')}`).toEqual([]);
    const weakMutations = methods.filter((m) => m.kind === 'Mutation' && m.role === 'viewer').map((m) => m.name);
    expect(weakMutations, 'mutations open to viewers').toEqual([]);
    expect(methods.filter((m) => m.isPublic).map((m) => m.name)).toEqual([]);
  });
});

describe('production mode', () => {
  let cp: InProcessControlPlane;

  beforeAll(async () => {
    cp = await startInProcess({ NODE_ENV: 'production', LOG_LEVEL: 'error' });
  });

  afterAll(async () => {
    await cp?.close();
  });

  it('turns introspection and GraphiQL off', async () => {
    const introspection = await graphqlClient(cp.app)('{ __schema { queryType { name } } }');
    expect(introspection.errors?.[0]?.message).toMatch(/introspection is not allowed/i);
    const page = await request(cp.app.getHttpServer() as Parameters<typeof request>[0])
      .get('/graphql')
      .set('Accept', 'text/html');
    expect(page.text).not.toMatch(/graphiql/i);
    // The API itself still answers.
    const devices = await gqlOk(graphqlClient(cp.app), '{ devices(first: 1) { totalCount } }');
    expect(devices.devices.totalCount).toEqual(expect.any(Number));
  });
});

describe('the bootstrap admin key across restarts', () => {
  let db: TestDatabase;
  const first = `jf_bootfirst_${'1'.repeat(64)}`;
  const second = `jf_bootsecond_${'2'.repeat(64)}`;
  const third = `jf_bootthird_${'3'.repeat(64)}`;
  const query = '{ apiKeys { name prefix revokedAt } }';

  /** Starts a control plane on the shared database with this bootstrap key, runs `work`, stops it. */
  const withControlPlane = async (key: string, work: (app: INestApplication) => Promise<void>) => {
    const cp = await startInProcessWithOverrides({
      database: db,
      env: { BOOTSTRAP_ADMIN_API_KEY: key, LOG_LEVEL: 'error' },
    });
    try {
      await work(cp.app);
    } finally {
      await cp.stop();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('revokes the old key when the variable changes or is unset, and keeps a revocation', async () => {
    await withControlPlane(first, async (app) => {
      await gqlOk(graphqlClient(app, { apiKey: first }), query);
    });
    await withControlPlane(second, async (app) => {
      expect(codes(await graphqlClient(app, { apiKey: first })(query))).toEqual(['UNAUTHENTICATED']);
      const keys = (await gqlOk(graphqlClient(app, { apiKey: second }), query)).apiKeys as {
        prefix: string;
        revokedAt: string | null;
      }[];
      expect(keys.map((k) => [k.prefix, k.revokedAt === null])).toEqual([
        ['bootsecond', true],
        ['bootfirst', false],
      ]);
      // Revoked through the API: a restart with the same value must not bring it back.
      const id = (await gqlOk(graphqlClient(app, { apiKey: second }), '{ apiKeys { id prefix } }')).apiKeys.find(
        (k: { prefix: string }) => k.prefix === 'bootsecond',
      ).id as string;
      await gqlOk(graphqlClient(app, { apiKey: second }), 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', {
        id,
      });
    });
    await withControlPlane(second, async (app) => {
      expect(codes(await graphqlClient(app, { apiKey: second })(query))).toEqual(['UNAUTHENTICATED']);
    });
    // Unset: the last bootstrap key stops working too.
    await withControlPlane(third, async (app) => {
      await gqlOk(graphqlClient(app, { apiKey: third }), query);
    });
    await withControlPlane('', async (app) => {
      expect(codes(await graphqlClient(app, { apiKey: third })(query))).toEqual(['UNAUTHENTICATED']);
    });
  });
});
