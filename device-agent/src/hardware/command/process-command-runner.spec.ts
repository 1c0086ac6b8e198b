import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CommandError } from './command-error.js';
import { ProcessCommandRunner } from './process-command-runner.js';

const node = process.execPath;
const runner = new ProcessCommandRunner({ killGraceMs: 300 });

/** Running, not a zombie: an orphaned grandchild may wait for a reaper after it died. */
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

async function failure(promise: Promise<unknown>): Promise<CommandError> {
  const error = await promise.then(
    () => expect.unreachable('expected the command to fail'),
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(CommandError);
  return error as CommandError;
}

describe('ProcessCommandRunner', () => {
  it('returns stdout, stderr and a non-zero exit as a result, not an error', async () => {
    const result = await runner.run(node, ['-e', 'console.log("out"); console.error("err"); process.exit(3)']);
    expect(result).toMatchObject({ stdout: 'out\n', stderr: 'err\n', exitCode: 3, signal: null });
  });

  it('gives the child /dev/null as stdin, so a prompt reads EOF instead of hanging', async () => {
    const prompt =
      'process.stdout.write("enter YES/yes to confirm: "); let n = 0;' +
      'process.stdin.on("data", (d) => (n += d.length)).on("end", () => console.log("EOF after", n, "bytes"))';
    const result = await runner.run(node, ['-e', prompt], { timeoutMs: 5000 });
    expect(result.stdout).toBe('enter YES/yes to confirm: EOF after 0 bytes\n');
  });

  it('kills a command that overruns its timeout and rejects naming the command and the cause', async () => {
    let pid = 0;
    const started = Date.now();
    const error = await failure(
      runner.stream(node, ['-e', 'console.log(process.pid); setInterval(() => {}, 1000)'], {
        timeoutMs: 400,
        onLine: (line) => (pid = Number(line)),
      }),
    );
    expect(error.code).toBe('timeout');
    expect(error.command).toMatch(/node -e console\.log\(process\.pid\)/);
    expect(error.message).toMatch(/timed out after 400 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(false);
  });

  it('follows SIGTERM with SIGKILL when the command ignores it', async () => {
    let pid = 0;
    const error = await failure(
      runner.stream(
        node,
        ['-e', 'process.on("SIGTERM", () => {}); console.log(process.pid); setInterval(() => {}, 1000)'],
        { timeoutMs: 300, onLine: (line) => (pid = Number(line)) },
      ),
    );
    expect(error.code).toBe('timeout');
    expect(isAlive(pid)).toBe(false);
  });

  it('kills what a script started too (its whole process group)', async () => {
    let grandchild = 0;
    await failure(
      runner.stream('sh', ['-c', 'sleep 30 & echo $!; wait'], {
        timeoutMs: 300,
        onLine: (line) => (grandchild = Number(line)),
      }),
    );
    expect(grandchild).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isAlive(grandchild)).toBe(false);
  });

  it('kills the child on abort and rejects with the abort reason', async () => {
    const controller = new AbortController();
    let pid = 0;
    const error = await failure(
      runner.stream(node, ['-e', 'console.log(process.pid); setInterval(() => {}, 1000)'], {
        signal: controller.signal,
        onLine: (line) => {
          pid = Number(line);
          controller.abort(new Error('operator cancelled'));
        },
      }),
    );
    expect(error.code).toBe('aborted');
    expect(error.message).toMatch(/operator cancelled/);
    expect(isAlive(pid)).toBe(false);
  });

  it('does not start anything when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failure(runner.run(node, ['-e', 'require("fs").writeFileSync("/tmp/never", "x")'], controller));
    expect(error.code).toBe('aborted');
  });

  it('rejects a missing command with spawn_failed (ENOENT)', async () => {
    const error = await failure(runner.run('tegrastats-not-installed-here', ['--interval', '1000']));
    expect(error.code).toBe('spawn_failed');
    expect(error.message).toMatch(/ENOENT/);
  });

  it('streams lines split across chunks, drops CR, and flushes an unterminated last line', async () => {
    const lines: string[] = [];
    const script = 'process.stdout.write("a\\r\\nb"); setTimeout(() => process.stdout.write("c\\nd"), 50)';
    const exit = await runner.stream(node, ['-e', script], { onLine: (line) => lines.push(line) });
    expect(exit.exitCode).toBe(0);
    expect(lines).toEqual(['a', 'bc', 'd']);
  });

  it('reports a process ended by a signal with a null exit code', async () => {
    const result = await runner.run(node, ['-e', 'process.kill(process.pid, "SIGSEGV")']);
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe('SIGSEGV');
  });
});
