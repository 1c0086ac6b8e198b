import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, freePort } from './processes.js';

/** A private Mosquitto with the project's config on a free port, for tests that stop the broker. */
export class TestBroker {
  private child: ChildProcess | null = null;
  private readonly confPath: string;

  private constructor(readonly port: number) {
    const conf = readFileSync(path.join(REPO_ROOT, 'infra/mosquitto/mosquitto.conf'), 'utf8').replace(
      /^listener 1883.*$/m,
      `listener ${port} 127.0.0.1`,
    );
    this.confPath = path.join(mkdtempSync(path.join(tmpdir(), 'jf-broker-')), 'mosquitto.conf');
    writeFileSync(this.confPath, conf);
  }

  static async start(): Promise<TestBroker> {
    const broker = new TestBroker(await freePort());
    await broker.restart();
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    this.child = spawn('mosquitto', ['-c', this.confPath], { stdio: 'ignore' });
    const end = Date.now() + 10_000;
    while (!(await canConnect(this.port))) {
      if (Date.now() > end) throw new Error(`mosquitto did not start on ${this.port}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
