// Local service helpers shared by the test runner and the demo: probe, start, explain.
import { spawn, execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export function probe(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function waitFor(host, port, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await probe(host, port, 500)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

export const SERVICES = [
  {
    name: 'PostgreSQL',
    port: 5432,
    start: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  },
  {
    name: 'Redis',
    port: 6379,
    start: 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
  },
];

/** Starts PostgreSQL/Redis with the local command when they are down (CI machines, fresh boots). */
export async function ensureLocalServices({ tryStart }) {
  const problems = [];
  for (const s of SERVICES) {
    if (await probe('127.0.0.1', s.port)) continue;
    if (tryStart) {
      try {
        execSync(s.start, { stdio: 'ignore', shell: '/bin/bash' });
      } catch {
        /* reported below */
      }
      if (await waitFor('127.0.0.1', s.port, 15_000)) continue;
    }
    problems.push(
      `${s.name} is not reachable on 127.0.0.1:${s.port}. Start it with: ${s.start}  (or: docker compose up -d)`,
    );
  }
  return problems;
}

/**
 * Runs the project's own Mosquitto config as a separate broker on `port`, so tests do not
 * depend on how the machine's default broker is set up. Returns a stop function.
 */
export async function startProjectBroker(port) {
  if (await probe('127.0.0.1', port)) return { stop: async () => undefined, reused: true };
  const dir = path.resolve('.data');
  mkdirSync(dir, { recursive: true });
  const conf = readFileSync('infra/mosquitto/mosquitto.conf', 'utf8').replace(
    /^listener 1883.*$/m,
    `listener ${port} 127.0.0.1`,
  );
  const confPath = path.join(dir, `mosquitto-${port}.conf`);
  writeFileSync(confPath, conf);
  const child = spawn('mosquitto', ['-c', confPath], { stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('error', (err) => console.error(`cannot start mosquitto: ${err.message} (apt-get install mosquitto)`));
  if (!(await waitFor('127.0.0.1', port, 10_000))) throw new Error(`project broker did not start on port ${port}`);
  return {
    reused: false,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(resolve, 3000).unref();
      }),
  };
}
