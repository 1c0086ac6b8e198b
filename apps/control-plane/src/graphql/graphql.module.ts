import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Logger, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AppConfig } from '../config/app-config.service.js';
import { DataLoadersModule, LoaderRegistry, type GraphqlContext } from './data-loaders.js';
import { createGraphqlErrorFormatter } from './format-graphql-error.js';
import { JetfleetExceptionFilter } from './jetfleet-exception.filter.js';

const logger = new Logger('GraphQL');

@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [DataLoadersModule],
      inject: [AppConfig, LoaderRegistry],
      useFactory: (config: AppConfig, loaders: LoaderRegistry) => {
        const production = config.get('NODE_ENV') === 'production';
        return {
          autoSchemaFile: true,
          sortSchema: true,
          path: '/graphql',
          context: (): GraphqlContext => ({ loaders: loaders.forRequest() }),
          subscriptions: { 'graphql-ws': true },
          introspection: !production,
          playground: false,
          graphiql: config.get('GRAPHQL_PLAYGROUND') ?? !production,
          formatError: createGraphqlErrorFormatter({
            error: (obj, msg) => logger.error(obj, msg),
          }),
        };
      },
    }),
  ],
  providers: [{ provide: APP_FILTER, useClass: JetfleetExceptionFilter }],
})
export class ApiGraphqlModule {}
