/** Module boundaries from docs/architecture.md, checked by `npm run depcheck` (part of `npm run check`). */
module.exports = {
  forbidden: [
    {
      name: 'libs-and-agent-never-import-apps',
      severity: 'error',
      from: { path: '^(libs|device-agent)/' },
      to: { path: '^apps/' },
    },
    {
      name: 'pure-libs-import-nothing-of-ours',
      comment: 'libs/protocol and libs/jetson are leaves: they import no other workspace package.',
      severity: 'error',
      from: { path: '^libs/(protocol|jetson)/' },
      to: { path: ['^(apps|device-agent)/', '^libs/(?!$1/)', '@jetfleet/'] },
    },
    {
      name: 'jetson-lib-has-no-npm-dependencies',
      severity: 'error',
      from: { path: '^libs/jetson/src' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'agent-stays-lean',
      comment: 'The agent runs on a 4 GB Nano: no NestJS, no database or queue clients.',
      severity: 'error',
      from: { path: '^device-agent/' },
      to: { path: 'node_modules/(@nestjs|pg|bullmq|ioredis|drizzle-orm|graphql)/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/|\\.spec\\.ts$|\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { conditionNames: ['@jetfleet/source', 'import', 'types', 'default'] },
  },
};
