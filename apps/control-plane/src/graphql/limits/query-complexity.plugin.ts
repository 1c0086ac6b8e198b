import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import { type ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/**
 * Every paged list refuses `first` over 500, with a clearer message than a complexity error, so a
 * larger `first` is counted as 500 and left to its resolver.
 */
export const MAX_COUNTED_PAGE = 500;

/**
 * A field with a `first: N` argument (our paged lists) costs N times its selection: a page of 100
 * devices with 40 fields each costs about 4,000, the same page of 10 about 400. Other fields cost 1.
 */
export const pagedListEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first: unknown = args.first;
  if (typeof first !== 'number' || !Number.isFinite(first) || first <= 0) return undefined;
  return 1 + Math.min(first, MAX_COUNTED_PAGE) * Math.max(1, childComplexity);
};

const estimators = [pagedListEstimator, simpleEstimator({ defaultComplexity: 1 })];

/**
 * Refuses, before execution, operations whose estimated cost is over `maxComplexity` (many
 * aliases of a big page, say), with GRAPHQL_VALIDATION_FAILED and HTTP 400 like every other
 * request the server will not run. Runs after validation, when the variables are known.
 */
export function queryComplexityPlugin(maxComplexity: number): ApolloServerPlugin {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: ({ request, document, schema, operation }) => {
          // The library checks variables without an error limit: 50,000 wrong-typed list items would
          // cost seconds of CPU. Stop at the first bad one and leave the message to execution.
          const coerced = getVariableValues(schema, operation?.variableDefinitions ?? [], request.variables ?? {}, {
            maxErrors: 1,
          });
          if ('errors' in coerced && coerced.errors?.length) return Promise.resolve();
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              query: document,
              operationName: request.operationName,
              variables: request.variables,
              estimators,
            });
          } catch (err) {
            // An alias bomb past the library's node limit is the very thing this plugin refuses.
            if (err instanceof Error && /maximum allowed number of nodes/i.test(err.message)) {
              throw new GraphQLError(`the operation is too large: ${err.message}`, {
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 }, maxComplexity },
              });
            }
            // Variables that do not fit the operation: execution reports them properly.
            return Promise.resolve();
          }
          if (complexity > maxComplexity) {
            throw new GraphQLError(`the operation's complexity is ${complexity}; the limit is ${maxComplexity}`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 }, complexity, maxComplexity },
            });
          }
          return Promise.resolve();
        },
      }),
  };
}
