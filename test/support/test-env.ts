/** Where tests find the services; scripts/test.mjs sets TEST_MQTT_URL to the project's own broker. */
export const TEST_PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_MQTT_URL = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:18830';
/** Overridable so that two test runs on one machine (e.g. parallel work trees) do not share a template. */
export const TEMPLATE_DB = process.env.JETFLEET_TEST_TEMPLATE_DB ?? 'jetfleet_test_template';

/**
 * The admin API key every control plane under test is started with (as BOOTSTRAP_ADMIN_API_KEY);
 * the GraphQL client sends it unless told otherwise. Fixed, so a failing test can be replayed by hand.
 */
export const TEST_ADMIN_API_KEY = `jf_testadmin_${'0123456789abcdef'.repeat(4)}`;

export function databaseUrl(name: string): string {
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Unique per test file (and run), for database names, queue prefixes and device ids. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
}
