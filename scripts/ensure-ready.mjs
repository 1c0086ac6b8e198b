// Makes a fresh clone runnable: installs from the lockfile when needed, then builds.
// Plain Node with no dependencies, because it runs before anything is installed.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
const stamp = 'node_modules/.package-lock.json';
const stale = !existsSync(stamp) || statSync('package-lock.json').mtimeMs > statSync(stamp).mtimeMs;
if (stale) {
  console.log('> installing dependencies (npm ci)');
  run('npm ci --no-audit --no-fund');
}
run('npx tsc -b tsconfig.build.json');
