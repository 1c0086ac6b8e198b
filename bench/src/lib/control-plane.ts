import { startChild, type ChildHandle } from './children.js';
import { BENCH_ADMIN_API_KEY } from './operator.js';
import { REDIS_URL, dropRedisPrefix, freePort, useRedisPrefix, type BenchDatabase, type Broker } from './services.js';
import { WORK_DIR } from './paths.js';
import path from 'node:path';

export interface ControlPlaneProcess {
  child: ChildHandle;
  baseUrl: string;
  queuePrefix: string;
  stop(): Promise<void>;
}

export interface ControlPlaneOptions {
  name: string;
  db: BenchDatabase;
  broker: Broker;
  runId: string;
  /** `worker` runs the BullMQ processors (rollout steps, builds) next to an `api` process, as deployed. */
  role?: 'api' | 'all' | 'worker';
  /** The HTTP port (default: a free one); known in advance when PUBLIC_BASE_URL must name it. */
  port?: number;
  logLevel?: string;
  env?: Record<string, string>;
}

export const PROFILE_DIR = path.join(WORK_DIR, 'profiles');

/** Starts the built control plane in its own process on the benchmark's database and broker. */
export async function startControlPlaneProcess(o: ControlPlaneOptions): Promise<ControlPlaneProcess> {
  const role = o.role ?? 'api';
  const port = o.port ?? (await freePort());
  // Processes of one benchmark share the prefix (and share group): an api and a worker are one control plane.
  const queuePrefix = `jfbench_${o.name.replace(/[^a-z0-9]/g, '_')}_${o.runId}`;
  useRedisPrefix(queuePrefix);
  const child = await startChild({
    name: `control-plane-${o.name}${role === 'api' ? '' : `-${role}`}`,
    script: 'children/control-plane.js',
    config: { role },
    env: {
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: o.logLevel ?? 'info',
      DATABASE_URL: o.db.url,
      DB_AUTO_MIGRATE: 'false',
      REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      MQTT_URL: o.broker.url,
      MQTT_SHARE_GROUP: queuePrefix,
      BOOTSTRAP_ADMIN_API_KEY: BENCH_ADMIN_API_KEY,
      ...o.env,
    },
    readyTimeoutMs: 90_000,
  });
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    queuePrefix,
    async stop() {
      await child.stop();
      await dropRedisPrefix(queuePrefix).catch(() => undefined);
    },
  };
}
