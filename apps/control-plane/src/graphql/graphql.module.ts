import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Logger, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { type DocumentNode, parse } from 'graphql';
import { ApiKeyService } from '../auth/api-key.service.js';
import { AuthModule } from '../auth/auth.module.js';
import { credentialOf } from '../auth/credential.util.js';
import type { AuthContext } from '../auth/request-auth.js';
import { JetfleetException } from '../common/jetfleet.exception.js';
import { AppConfig } from '../config/app-config.service.js';
import { DataLoadersModule, LoaderRegistry, type GraphqlContext } from './data-loaders.js';
import { createGraphqlErrorFormatter } from './format-graphql-error.js';
import { JetfleetExceptionFilter } from './jetfleet-exception.filter.js';
import { depthLimitErrors, depthLimitRule } from './limits/depth-limit.rule.js';
import { queryComplexityPlugin } from './limits/query-complexity.plugin.js';
import { RequestRejectionsPlugin } from './request-rejections.plugin.js';
import { RequestRejectionsResolver } from './request-rejections.resolver.js';
import { RequestRejectionsService } from './request-rejections.service.js';

const logger = new Logger('GraphQL');

@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [DataLoadersModule, AuthModule],
      inject: [AppConfig, LoaderRegistry, ApiKeyService],
      useFactory: (config: AppConfig, loaders: LoaderRegistry, keys: ApiKeyService) => {
        const production = config.get('NODE_ENV') === 'production';
        const maxDepth = config.get('GRAPHQL_MAX_DEPTH');
        return {
          autoSchemaFile: true,
          sortSchema: true,
          path: '/graphql',
          // HTTP requests and graphql-ws subscriptions alike; the key is looked up when a guarded field first runs.
          context: (arg: unknown): GraphqlContext & AuthContext => ({
            loaders: loaders.forRequest(),
            auth: keys.forRequest(credentialOf(arg)),
          }),
          subscriptions: {
            'graphql-ws': {
              // A socket without a valid key is closed (4403) before it can subscribe to anything.
              onConnect: async (ctx) => {
                try {
                  await keys.authenticate(credentialOf(ctx));
                  return true;
                } catch (err) {
                  if (err instanceof JetfleetException) return false;
                  throw err;
                }
              },
              // graphql-ws validates with graphql's own rules only; the depth limit is added here.
              onSubscribe: (_ctx, _id, payload) => {
                let document: DocumentNode;
                try {
                  document = parse(payload.query);
                } catch {
                  return undefined; // graphql-ws reports the syntax error itself
                }
                const errors = depthLimitErrors(document, maxDepth);
                return errors.length ? errors : undefined;
              },
            },
          },
          // Resolve-fields are guarded too: a field may need a stronger role than the query it hangs off.
          fieldResolverEnhancers: ['guards'],
          validationRules: [depthLimitRule(maxDepth)],
          plugins: [queryComplexityPlugin(config.get('GRAPHQL_MAX_COMPLEXITY'))],
          introspection: !production,
          playground: false,
          // Never in production, whatever GRAPHQL_PLAYGROUND says.
          graphiql: !production && (config.get('GRAPHQL_PLAYGROUND') ?? true),
          formatError: createGraphqlErrorFormatter({
            error: (obj, msg) => logger.error(obj, msg),
          }),
        };
      },
    }),
  ],
  providers: [
    { provide: APP_FILTER, useClass: JetfleetExceptionFilter },
    RequestRejectionsService,
    RequestRejectionsPlugin,
    RequestRejectionsResolver,
  ],
})
export class ApiGraphqlModule {}
