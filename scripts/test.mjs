// The one test command: checks services, starts the project's broker, runs every tier
// (unit, integration, e2e) and prints a closing "N passed, N failed" line over all of them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { ensureLocalServices, startProjectBroker } from './services.mjs';

const TIERS = ['unit', 'integration', 'e2e'];
const brokerPort = Number(process.env.TEST_MQTT_PORT ?? 18830);
const only = process.argv.slice(2).filter((a) => TIERS.includes(a));
const tiers = only.length ? only : TIERS;

const problems = await ensureLocalServices({ tryStart: true });
if (problems.length) {
  console.error(problems.join('\n'));
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/summary.txt', '0 passed, 1 failed\n');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const broker = await startProjectBroker(brokerPort);
process.env.TEST_MQTT_URL = `mqtt://127.0.0.1:${brokerPort}`;

mkdirSync('test-results', { recursive: true });
let passed = 0;
let failed = 0;
for (const tier of TIERS.filter((t) => tiers.includes(t))) {
  const out = `test-results/${tier}.json`;
  rmSync(out, { force: true });
  console.log(`\n=== ${tier} tests ===`);
  const res = spawnSync(
    'npx',
    ['vitest', 'run', '--project', tier, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
    { stdio: 'inherit', env: process.env },
  );
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    // A file that fails to load runs no test but must still count as a failure.
    failed += report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  } else if (res.status !== 0) {
    failed += 1;
  }
}
await broker.stop();
const summary = `${passed} passed, ${failed} failed`;
writeFileSync('test-results/summary.txt', `${summary}\n`);
console.log(summary);
process.exit(failed > 0 ? 1 : 0);
