import { describeServiceError } from '../common/service-errors.js';
import { validateEnv } from '../config/validate-env.js';
import { runMigrations } from './migrate.js';

try {
  const env = validateEnv(process.env);
  await runMigrations(env.DATABASE_URL);
  console.log(`migrations applied to ${new URL(env.DATABASE_URL).pathname.slice(1)}`);
} catch (err) {
  console.error(describeServiceError(err) ?? err);
  process.exit(1);
}
