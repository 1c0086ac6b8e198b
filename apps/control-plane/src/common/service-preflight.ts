import net from 'node:net';

export interface ServiceTarget {
  name: 'PostgreSQL' | 'Redis' | 'MQTT broker';
  url: string;
}

const DEFAULT_PORTS: Record<ServiceTarget['name'], number> = {
  PostgreSQL: 5432,
  Redis: 6379,
  'MQTT broker': 1883,
};

const HOW_TO_START: Record<ServiceTarget['name'], string> = {
  PostgreSQL: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  Redis: 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""',
  'MQTT broker': 'mosquitto -d -c infra/mosquitto/mosquitto.conf',
};

function probe(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Checks that each service accepts TCP connections and returns one readable line per service
 * that does not, with the command that starts it. Empty when all are reachable.
 */
export async function findUnreachableServices(targets: ServiceTarget[], timeoutMs = 2000): Promise<string[]> {
  const results = await Promise.all(
    targets.map(async (t) => {
      const url = new URL(t.url);
      const port = Number(url.port || DEFAULT_PORTS[t.name]);
      const host = url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
      const ok = await probe(host, port, timeoutMs);
      return ok
        ? null
        : `${t.name} is not reachable at ${host}:${port}. Start it with: ${HOW_TO_START[t.name]}  ` +
            `(or run \`docker compose up -d postgres redis mosquitto\`)`;
    }),
  );
  return results.filter((r): r is string => r !== null);
}
