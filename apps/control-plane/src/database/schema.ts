import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// Kept free of relative imports: drizzle-kit loads this file on its own to generate migrations.

export const devices = pgTable(
  'devices',
  {
    id: text('id').primaryKey(),
    module: text('module').notNull(),
    hardware: jsonb('hardware').$type<Record<string, unknown>>().notNull(),
    agentVersion: text('agent_version').notNull(),
    protocolVersion: integer('protocol_version').notNull(),
    online: boolean('online').notNull().default(false),
    /** Session of the latest birth; a Last Will of another session is stale and ignored. */
    sessionId: text('session_id'),
    heartbeatSec: real('heartbeat_sec').notNull(),
    offlineReason: text('offline_reason'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    lastTelemetry: jsonb('last_telemetry').$type<Record<string, unknown>>(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('devices_online_idx').on(t.online),
    index('devices_module_idx').on(t.module),
    index('devices_tags_idx').using('gin', t.tags),
  ],
);

export type DeviceRow = typeof devices.$inferSelect;

/**
 * Raw telemetry, one row per sample. Range-partitioned by day on `ts` (see migration 0001):
 * retention drops whole partitions instead of deleting rows.
 */
export const telemetrySamples = pgTable(
  'telemetry_samples',
  {
    deviceId: text('device_id').notNull(),
    ts: timestamp('ts', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    powerMw: real('power_mw'),
    gpuLoadPct: real('gpu_load_pct'),
    cpuLoadPct: real('cpu_load_pct'),
    gpuFreqMHz: real('gpu_freq_mhz'),
    ramUsedMB: real('ram_used_mb'),
    tempMaxC: real('temp_max_c'),
    temps: jsonb('temps').$type<Record<string, number>>(),
    rails: jsonb('rails').$type<Record<string, { curMw: number; avgMw: number }>>(),
    powerMode: text('power_mode'),
    latencyP95Ms: real('latency_p95_ms'),
    fps: real('fps'),
    ap50: real('ap50'),
    diskFreeMB: real('disk_free_mb'),
  },
  (t) => [index('telemetry_samples_device_ts_idx').on(t.deviceId, t.ts)],
);

/** Per-device aggregates; `bucket_seconds` is 60 or 3600. Filled by the telemetry maintenance job. */
export const telemetryRollups = pgTable(
  'telemetry_rollups',
  {
    deviceId: text('device_id').notNull(),
    bucketSeconds: integer('bucket_seconds').notNull(),
    bucket: timestamp('bucket', { withTimezone: true }).notNull(),
    samples: integer('samples').notNull(),
    powerMeanMw: real('power_mean_mw'),
    powerMaxMw: real('power_max_mw'),
    latencyP95Ms: real('latency_p95_ms'),
    tempMaxC: real('temp_max_c'),
    gpuLoadMeanPct: real('gpu_load_mean_pct'),
    ap50Last: real('ap50_last'),
  },
  (t) => [
    primaryKey({ columns: [t.deviceId, t.bucketSeconds, t.bucket] }),
    index('telemetry_rollups_bucket_idx').on(t.bucketSeconds, t.bucket),
  ],
);

/** How far each rollup size has been computed; rollups are recomputed from here on every run. */
export const rollupWatermarks = pgTable('rollup_watermarks', {
  bucketSeconds: integer('bucket_seconds').primaryKey(),
  doneUntil: timestamp('done_until', { withTimezone: true }).notNull(),
});

/** Operator-configured alert rules; a rule with no row uses the built-in default (alerts/). */
export const alertRules = pgTable(
  'alert_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    /** `fleet` (scope_value ''), `module` (catalog id) or `tag`. The most specific match wins. */
    scopeKind: text('scope_kind').notNull(),
    scopeValue: text('scope_value').notNull().default(''),
    severity: text('severity').notNull(),
    params: jsonb('params').$type<Record<string, number>>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('alert_rules_scope_uq').on(t.kind, t.scopeKind, t.scopeValue)],
);

/** Per (rule kind, device) evaluation state, so "over threshold for N minutes" survives restarts. */
export const alertRuleState = pgTable(
  'alert_rule_state',
  {
    kind: text('kind').notNull(),
    deviceId: text('device_id').notNull(),
    conditionSince: timestamp('condition_since', { withTimezone: true }),
    state: jsonb('state')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.deviceId] })],
);

export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** `<kind>:<deviceId>`; at most one open (firing or acknowledged) alert per key. */
    dedupeKey: text('dedupe_key').notNull(),
    kind: text('kind').notNull(),
    deviceId: text('device_id').notNull(),
    severity: text('severity').notNull(),
    status: text('status').notNull(),
    summary: text('summary').notNull(),
    details: jsonb('details')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    firedAt: timestamp('fired_at', { withTimezone: true }).notNull(),
    lastEvaluatedAt: timestamp('last_evaluated_at', { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: text('acknowledged_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('alerts_open_dedupe_uq')
      .on(t.dedupeKey)
      .where(sql`status <> 'resolved'`),
    index('alerts_status_idx').on(t.status, t.firedAt),
    index('alerts_device_idx').on(t.deviceId),
  ],
);

export const alertEvents = pgTable(
  'alert_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    details: jsonb('details')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [index('alert_events_alert_idx').on(t.alertId, t.at)],
);

export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: uuid('id').primaryKey().defaultRandom(),
  url: text('url').notNull(),
  /** HMAC-SHA256 key for the `X-Jetfleet-Signature` header. */
  secret: text('secret').notNull(),
  /** Severities this endpoint receives. */
  severities: text('severities').array().notNull(),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    alertId: uuid('alert_id'),
    event: text('event').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt)],
);

/** Content-addressed blobs (ONNX models, engines, calibration and golden sets), keyed by sha256. */
export const artifacts = pgTable('artifacts', {
  sha256: text('sha256').primaryKey(),
  sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
  kind: text('kind').notNull(),
  /** Key in the configured store (local directory or S3 bucket). */
  storageKey: text('storage_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const models = pgTable('models', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const modelVersions = pgTable(
  'model_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    onnxSha256: text('onnx_sha256')
      .notNull()
      .references(() => artifacts.sha256),
    /** What the control plane read from the ONNX file: opset, inputs with static/dynamic dims, outputs. */
    onnxInfo: jsonb('onnx_info').$type<Record<string, unknown>>().notNull(),
    inputDescription: text('input_description'),
    calibrationSha256: text('calibration_sha256').references(() => artifacts.sha256),
    goldenSha256: text('golden_sha256').references(() => artifacts.sha256),
    /** Simulation-only hints (fp32Ap50, int8ExtraDrop, latencyScale, powerScale); real devices ignore them. */
    simHints: jsonb('sim_hints').$type<Record<string, number>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('model_versions_model_version_uq').on(t.modelId, t.version)],
);

/** One engine build for (model version, recipe, compatibility class). */
export const engineBuilds = pgTable(
  'engine_builds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelVersionId: uuid('model_version_id')
      .notNull()
      .references(() => modelVersions.id, { onDelete: 'cascade' }),
    recipe: jsonb('recipe').$type<Record<string, unknown>>().notNull(),
    recipeHash: text('recipe_hash').notNull(),
    compatKey: text('compat_key').notNull(),
    /** queued, dispatched, building, succeeded, failed, timed_out, cancelled. */
    state: text('state').notNull(),
    builderDeviceId: text('builder_device_id'),
    attempt: integer('attempt').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    /** Devices that already failed this build; a retry picks another. */
    triedDevices: text('tried_devices')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    progressPct: real('progress_pct'),
    error: text('error'),
    engineSha256: text('engine_sha256').references(() => artifacts.sha256),
    engineSizeBytes: bigint('engine_size_bytes', { mode: 'number' }),
    perf: jsonb('perf').$type<Record<string, unknown>>(),
    logTail: text('log_tail'),
    durationMs: integer('duration_ms'),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('engine_builds_active_uq')
      .on(t.modelVersionId, t.recipeHash, t.compatKey)
      .where(sql`state NOT IN ('failed', 'timed_out', 'cancelled')`),
    index('engine_builds_state_idx').on(t.state),
  ],
);

/** Which engine each device holds for a (model version, recipe). */
export const deviceEngines = pgTable(
  'device_engines',
  {
    deviceId: text('device_id').notNull(),
    modelVersionId: uuid('model_version_id')
      .notNull()
      .references(() => modelVersions.id, { onDelete: 'cascade' }),
    recipeHash: text('recipe_hash').notNull(),
    compatKey: text('compat_key').notNull(),
    engineSha256: text('engine_sha256').references(() => artifacts.sha256),
    /** pending, fetching, built_locally, ready, failed. */
    state: text('state').notNull(),
    error: text('error'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.modelVersionId, t.recipeHash] })],
);
