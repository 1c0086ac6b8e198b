import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC (not esbuild) compiles the tests because NestJS dependency injection needs
// emitDecoratorMetadata, which esbuild does not implement.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    conditions: ['@jetfleet/source'],
    // graphql 16 ships CJS (main) and ESM (module) builds; Node loads the CJS one for every package
    // (Nest, Apollo, graphql-query-complexity), Vite would give our sources the ESM one, and two
    // copies break graphql's instanceof checks. One copy, as in production.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  ssr: { resolve: { conditions: ['@jetfleet/source'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['libs/**/src/**/*.spec.ts', 'device-agent/src/**/*.spec.ts', 'apps/**/src/**/*.spec.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          globalSetup: ['test/setup/global-setup.ts'],
          include: ['apps/**/test/**/*.int.test.ts', 'device-agent/test/**/*.int.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          globalSetup: ['test/setup/global-setup.ts'],
          include: ['test/e2e/**/*.e2e.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
