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

/**
 * What each device should run, as last published (retained) on its `desired` topic. `rev` only
 * grows; the document is stored before it is published, so a restart republishes, never forgets.
 */
export const deviceDesired = pgTable('device_desired', {
  deviceId: text('device_id').primaryKey(),
  rev: bigint('rev', { mode: 'number' }).notNull(),
  document: jsonb('document').$type<Record<string, unknown>>().notNull(),
  publishedRev: bigint('published_rev', { mode: 'number' }),
  /** When the retained copy was last signed and published; re-signed before its signature expires. */
  publishedAt: timestamp('published_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The latest `reported` document of each device. */
export const deviceReported = pgTable('device_reported', {
  deviceId: text('device_id').primaryKey(),
  appliedRev: bigint('applied_rev', { mode: 'number' }).notNull(),
  targetRev: bigint('target_rev', { mode: 'number' }),
  phase: text('phase').notNull(),
  powerMode: text('power_mode'),
  powerModeId: integer('power_mode_id'),
  activeModelVersionId: text('active_model_version_id'),
  activeEngineSha256: text('active_engine_sha256'),
  previousModelVersionId: text('previous_model_version_id'),
  verification: jsonb('verification').$type<Record<string, unknown>>(),
  error: jsonb('error').$type<{ code: string; message: string }>(),
  reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const rollouts = pgTable(
  'rollouts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    modelVersionId: uuid('model_version_id')
      .notNull()
      .references(() => modelVersions.id),
    recipe: jsonb('recipe').$type<Record<string, unknown>>().notNull(),
    recipeHash: text('recipe_hash').notNull(),
    /** Mode name, resolved per module when a device's desired state is written. */
    powerMode: text('power_mode'),
    allowReboot: boolean('allow_reboot').notNull().default(false),
    selector: jsonb('selector').$type<Record<string, unknown>>().notNull(),
    /** [{ percent | count, bakeSec }] as validated at creation. */
    stages: jsonb('stages').$type<Record<string, unknown>[]>().notNull(),
    gates: jsonb('gates').$type<Record<string, unknown>>().notNull(),
    autoPromote: boolean('auto_promote').notNull(),
    maxConcurrent: integer('max_concurrent').notNull(),
    /** building, running, awaiting_approval, paused, completed, aborted, rolled_back, failed. */
    state: text('state').notNull(),
    currentStage: integer('current_stage').notNull().default(0),
    /** Why the rollout is paused, failed or was rolled back. */
    reason: text('reason'),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('rollouts_state_idx').on(t.state)],
);

export const rolloutStages = pgTable(
  'rollout_stages',
  {
    rolloutId: uuid('rollout_id')
      .notNull()
      .references(() => rollouts.id, { onDelete: 'cascade' }),
    idx: integer('idx').notNull(),
    /** pending, deploying, baking, awaiting_approval, passed, failed, inconclusive, aborted. */
    state: text('state').notNull(),
    /** Devices this stage adds (cumulative target minus earlier stages), fixed when it starts. */
    plannedCount: integer('planned_count'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    /** All of the stage's devices settled (healthy or failed); bake runs from here. */
    deployedAt: timestamp('deployed_at', { withTimezone: true }),
    bakeUntil: timestamp('bake_until', { withTimezone: true }),
    /** Evaluation gives up as inconclusive after this. */
    deadlineAt: timestamp('deadline_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    approvedBy: text('approved_by'),
  },
  (t) => [primaryKey({ columns: [t.rolloutId, t.idx] })],
);

/** One device's deployment within a rollout. */
export const rolloutDevices = pgTable(
  'rollout_devices',
  {
    rolloutId: uuid('rollout_id')
      .notNull()
      .references(() => rollouts.id, { onDelete: 'cascade' }),
    deviceId: text('device_id').notNull(),
    stageIdx: integer('stage_idx').notNull(),
    compatKey: text('compat_key').notNull(),
    /** queued, downloading, building, activating, verifying, healthy, failed, rolled_back. */
    state: text('state').notNull(),
    /** The desired rev that carries this rollout's model to the device. */
    desiredRev: bigint('desired_rev', { mode: 'number' }),
    /** The desired rev that took the device back (rollback). */
    rollbackRev: bigint('rollback_rev', { mode: 'number' }),
    /** What the device ran before, to roll back to. */
    previousModel: jsonb('previous_model').$type<Record<string, unknown>>(),
    previousPowerMode: jsonb('previous_power_mode').$type<Record<string, unknown>>(),
    reason: text('reason'),
    verification: jsonb('verification').$type<Record<string, unknown>>(),
    /** State name → ISO time it was entered. */
    history: jsonb('history').$type<Record<string, string>>().notNull(),
    /** Cleared when the rollout ends: at most one active rollout per device. */
    active: boolean('active').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.rolloutId, t.deviceId] }),
    uniqueIndex('rollout_devices_one_active_uq')
      .on(t.deviceId)
      .where(sql`active`),
    index('rollout_devices_stage_idx').on(t.rolloutId, t.stageIdx),
    // A device's report looks up its deployment by device (active or still rolling back).
    index('rollout_devices_device_idx').on(t.deviceId),
  ],
);

export const gateEvaluations = pgTable(
  'gate_evaluations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    rolloutId: uuid('rollout_id')
      .notNull()
      .references(() => rollouts.id, { onDelete: 'cascade' }),
    stageIdx: integer('stage_idx').notNull(),
    /** pass, fail, inconclusive, pending (too few samples, before the deadline). */
    outcome: text('outcome').notNull(),
    /** Every check with its canary and baseline figures, threshold and verdict. */
    report: jsonb('report').$type<Record<string, unknown>>().notNull(),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('gate_evaluations_rollout_idx').on(t.rolloutId, t.stageIdx)],
);

/** A fleet power-mode change outside any rollout (`setPowerMode`). */
export const powerModeRequests = pgTable('power_mode_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  mode: text('mode').notNull(),
  allowReboot: boolean('allow_reboot').notNull(),
  selector: jsonb('selector').$type<Record<string, unknown>>().notNull(),
  createdBy: text('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const powerModeRequestDevices = pgTable(
  'power_mode_request_devices',
  {
    requestId: uuid('request_id')
      .notNull()
      .references(() => powerModeRequests.id, { onDelete: 'cascade' }),
    deviceId: text('device_id').notNull(),
    modeId: integer('mode_id'),
    /** pending, applied, refused, failed, reboot_required. */
    state: text('state').notNull(),
    desiredRev: bigint('desired_rev', { mode: 'number' }),
    reason: text('reason'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.deviceId] })],
);

/** Operator API keys. Only a hash of the secret is kept; the key is shown once at creation. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** First characters of the key, to tell keys apart in lists and logs. */
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    /** viewer, operator, admin. */
    role: text('role').notNull(),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_keys_prefix_uq').on(t.prefix)],
);

/** Every mutation: who, what, when, a summary of the input, and how it ended. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorKeyId: uuid('actor_key_id'),
    actorName: text('actor_name'),
    role: text('role'),
    action: text('action').notNull(),
    inputSummary: jsonb('input_summary').$type<Record<string, unknown>>(),
    outcome: text('outcome').notNull(),
    errorCode: text('error_code'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_action_idx').on(t.action)],
);

/** Tokens an agent presents once to enroll; scoped, expiring and limited in uses. */
export const enrollmentTokens = pgTable('enrollment_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  secretHash: text('secret_hash').notNull().unique(),
  /** Tags given to devices enrolled with it, and device-id prefix it is limited to. */
  scope: jsonb('scope').$type<Record<string, unknown>>().notNull(),
  maxUses: integer('max_uses').notNull(),
  uses: integer('uses').notNull().default(0),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdBy: text('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** Broker credentials issued at enrollment (the password itself lives only on the device and the broker). */
export const deviceCredentials = pgTable('device_credentials', {
  deviceId: text('device_id').primaryKey(),
  username: text('username').notNull().unique(),
  tokenId: uuid('token_id').references(() => enrollmentTokens.id),
  enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** The control plane's ed25519 signing keys; the newest unretired one signs. */
export const signingKeys = pgTable('signing_keys', {
  kid: text('kid').primaryKey(),
  publicKeyPem: text('public_key_pem').notNull(),
  /** Absent when the private key is supplied by configuration instead of generated here. */
  privateKeyPem: text('private_key_pem'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
});
