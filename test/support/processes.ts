import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Spawned {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal) once the process ends. */
  exited: Promise<number | string>;
}

/** Spawns a built entry point of this repo, keeping the last output for failure messages. */
export function spawnNode(script: string, args: string[], env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, script), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buf = '';
  const keep = (d: Buffer): void => {
    buf = (buf + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, output: () => buf, exited };
}

export async function stopProcess(p: Spawned | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill(signal);
  const timeout = new Promise((r) => setTimeout(r, 10_000));
  await Promise.race([p.exited, timeout]);
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
}
