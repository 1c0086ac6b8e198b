import { z } from 'zod';
import { API_KEY_PATTERN } from '../auth/api-key.util.js';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * Every variable the control plane reads. Defaults suit a developer machine with the
 * services on their standard local ports; docs/configuration.md mirrors this table.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // 0 picks a free port (tests).
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/jetfleet'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DB_AUTO_MIGRATE: bool.default(true),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/)
    .default('jetfleet'),
  MQTT_URL: z.url().default('mqtt://127.0.0.1:1883'),
  MQTT_USERNAME: z.string().optional(),
  MQTT_PASSWORD: z.string().optional(),
  /** Device enrollment provisions per-device broker clients through Mosquitto's dynamic-security plugin. */
  MQTT_DYNSEC_ENABLED: bool.default(false),
  /** The broker client allowed to use `$CONTROL/dynamic-security/v1` (required when enabled). */
  MQTT_DYNSEC_USERNAME: z.string().optional(),
  MQTT_DYNSEC_PASSWORD: z.string().optional(),
  /** Broker URL handed to devices at enrollment; default MQTT_URL without its credentials. */
  DEVICE_MQTT_URL: z.url().optional(),
  /** Failed `POST /enroll` requests per client address per minute before it is answered 429. */
  ENROLL_MAX_FAILURES_PER_MIN: z.coerce.number().int().min(1).max(1_000_000).default(30),
  MQTT_SHARE_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be a plain topic level')
    .default('control-plane'),
  /** A device is offline once no message arrived for heartbeatSec × this factor. */
  HEARTBEAT_TIMEOUT_FACTOR: z.coerce.number().min(1).max(10).default(1.5),
  LIVENESS_SWEEP_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  LAST_SEEN_FLUSH_MS: z.coerce.number().int().min(50).max(60_000).default(500),
  GRAPHQL_PLAYGROUND: bool.optional(),
  /** Where artifacts (ONNX models, calibration and golden sets, engines) are kept: a local directory or S3. */
  ARTIFACT_STORE: z.enum(['local', 's3']).default('local'),
  /** The local store's directory; with S3, uploads are staged here before they are sent. */
  ARTIFACT_DIR: z.string().min(1).default('.data/artifacts'),
  /** Largest artifact accepted by an upload, in bytes (default 2 GiB, protobuf's limit for an ONNX file). */
  ARTIFACT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .default(2 * 1024 ** 3),
  /**
   * HMAC key of the artifact upload and download tokens (at least 32 characters). Unset, each process
   * makes a random one at boot: fine for one process, but separate API and worker processes or several
   * replicas must share one, or a URL issued by one is refused by another.
   */
  ARTIFACT_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Lifetime of an upload token from `createUploadToken`; it is checked when the upload starts. */
  ARTIFACT_UPLOAD_TOKEN_TTL_SEC: z.coerce
    .number()
    .int()
    .min(10)
    .max(7 * 86_400)
    .default(900),
  /** Default lifetime of a device download URL (`ArtifactService.createDownloadUrl`). */
  ARTIFACT_DOWNLOAD_TOKEN_TTL_SEC: z.coerce
    .number()
    .int()
    .min(10)
    .max(30 * 86_400)
    .default(3600),
  /** Base of the absolute artifact URLs given to devices; default http://localhost:<listening port>. */
  PUBLIC_BASE_URL: z.url().optional(),
  /** S3 store (ARTIFACT_STORE=s3): endpoint of an S3-compatible service; unset means AWS. */
  S3_ENDPOINT: z.url().optional(),
  /** S3 store: the bucket (required with ARTIFACT_STORE=s3). */
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** S3 store: static credentials; unset, the AWS SDK's default chain (env, profile, instance role) is used. */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** S3 store: path-style URLs (endpoint/bucket/key), as MinIO and most S3-compatible services want. */
  S3_FORCE_PATH_STYLE: bool.default(true),
  /** Tries per webhook delivery, the first included, before it is marked failed. */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  /** Delay before the first webhook retry; each later retry doubles it (with up to 20 % jitter). */
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
  /** A webhook request without a complete response within this time counts as a failed try. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Webhook requests a worker process has in flight at once; a slow endpoint holds only one slot per delivery. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(20),
  /** Telemetry rows are written in batches of up to this many, at least every TELEMETRY_FLUSH_MS. */
  TELEMETRY_BATCH_SIZE: z.coerce.number().int().min(1).max(50_000).default(5000),
  TELEMETRY_FLUSH_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** Rows held in memory while the database is slow; beyond this, new samples are dropped and counted. */
  TELEMETRY_BUFFER_MAX: z.coerce.number().int().min(100).max(5_000_000).default(100_000),
  /** Raw samples are kept this many days (whole daily partitions are dropped). */
  TELEMETRY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  /** 1-minute and 1-hour rollups are kept this many days. */
  ROLLUP_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  TELEMETRY_MAINTENANCE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** Every alert rule is evaluated for every device this often (one BullMQ job scheduler). */
  ALERT_EVAL_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
  /** Engine builds of one compatibility class running at once (dispatched or building), across models and recipes. */
  BUILD_CONCURRENCY_PER_CLASS: z.coerce.number().int().min(1).max(100).default(1),
  /** A build attempt not finished this long after dispatch times out (and is retried on another device). */
  BUILD_TIMEOUT_SEC: z.coerce.number().int().min(1).max(86_400).default(1800),
  /** Attempts per build, the first included; each retry runs on a device of the class not tried before. */
  BUILD_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  /** Delay before the first build retry; each later retry doubles it. */
  BUILD_RETRY_BACKOFF_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  /** How often the build watchdog runs: timeouts, builders gone offline, queued builds, engines to fetch. */
  BUILD_WATCHDOG_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** A running build attempt's job is sent to its builder again after this long (a lost completion is answered again). */
  BUILD_RESEND_SILENT_SEC: z.coerce.number().int().min(1).max(86_400).default(60),
  /** How often stored-but-unconfirmed desired-state documents are published again. */
  DESIRED_REPUBLISH_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** Validity of the engine download URL inside a desired-state document (devices offline longer refetch a new one). */
  DESIRED_ARTIFACT_TTL_SEC: z.coerce.number().int().min(60).max(31_536_000).default(604_800),
  /** Safety net for rollouts: every active rollout is stepped this often, besides the event-driven steps. */
  ROLLOUT_TICK_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
  /** Default for a rollout's maxConcurrent: devices converging at once. */
  ROLLOUT_MAX_CONCURRENT: z.coerce.number().int().min(1).max(100_000).default(100),
  /** A stage device that neither settles nor goes offline in this time counts as failed (timed out). */
  ROLLOUT_DEVICE_TIMEOUT_SEC: z.coerce.number().int().min(5).max(86_400).default(1800),
  /**
   * An admin API key (`jf_<prefix>_<secret>`) upserted at start-up as the key "bootstrap", so a fresh
   * install can create the real keys. Changing or unsetting it revokes the key made from the old value.
   */
  BOOTSTRAP_ADMIN_API_KEY: z
    .string()
    .regex(API_KEY_PATTERN, 'must look like jf_<8-32 lowercase letters or digits>_<32-128 letters or digits>')
    .optional(),
  /** Deepest selection a GraphQL operation may have (introspection fields not counted). */
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(100).default(10),
  /** Largest estimated cost of a GraphQL operation: 1 per field, list fields with `first: N` count N times their selection. */
  GRAPHQL_MAX_COMPLEXITY: z.coerce.number().int().min(10).max(10_000_000).default(30_000),
  /** Largest JSON request body (GraphQL requests), in bytes; larger ones get HTTP 413. */
  HTTP_JSON_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 ** 2)
    .default(256 * 1024),
  /**
   * The ed25519 key that signs desired state and jobs (PKCS#8 PEM; literal `\n` allowed), or a file
   * holding it. Neither set: a key is generated once and stored in the database (development only).
   */
  SIGNING_PRIVATE_KEY_PEM: z.string().min(1).optional(),
  SIGNING_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  /** Validity of a signed desired-state document; retained, so it must outlast a device's time offline. */
  DESIRED_TTL_SEC: z.coerce
    .number()
    .int()
    .min(60)
    .max(366 * 86_400)
    .default(30 * 86_400),
  /** Validity of a signed job command; unset: the job's deadline plus 15 minutes. */
  JOB_TTL_SEC: z.coerce
    .number()
    .int()
    .min(10)
    .max(7 * 86_400)
    .optional(),
});

export type Env = z.infer<typeof envSchema>;
