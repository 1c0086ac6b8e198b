import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { RequestRejectionsService } from './request-rejections.service.js';

const codeOf = (error: GraphQLError | GraphQLFormattedError | undefined): string => {
  const code = error?.extensions?.code;
  return typeof code === 'string' ? code : 'BAD_REQUEST';
};

/**
 * Feeds RequestRejectionsService. Apollo answers a malformed HTTP request (no query, a query that is
 * not a string, batching) through `invalidRequestWasReceived` without starting a request; everything
 * else it refuses before execution (parse, validation, limits, variables) leaves with a 4xx status.
 * The two paths are disjoint, so each refused request is counted once.
 */
@Plugin()
export class RequestRejectionsPlugin implements ApolloServerPlugin {
  constructor(private readonly rejections: RequestRejectionsService) {}

  invalidRequestWasReceived({ error }: { error: Error }): Promise<void> {
    this.rejections.count(codeOf(error), error.message);
    return Promise.resolve();
  }

  requestDidStart(): Promise<GraphQLRequestListener<Record<string, unknown>>> {
    return Promise.resolve({
      willSendResponse: ({ response }) => {
        const status = response.http.status ?? 200;
        if (status >= 400 && status < 500 && response.body.kind === 'single') {
          const first = response.body.singleResult.errors?.[0];
          this.rejections.count(codeOf(first), first?.message ?? `HTTP ${status}`);
        }
        return Promise.resolve();
      },
    });
  }
}
