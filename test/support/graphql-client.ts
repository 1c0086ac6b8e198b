import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TEST_ADMIN_API_KEY } from './test-env.js';

export interface GqlError {
  message: string;
  extensions?: { code?: string; details?: any };
}

export interface GqlBody {
  data?: Record<string, any> | null;
  errors?: GqlError[];
}

export type Gql = (query: string, variables?: Record<string, unknown>) => Promise<GqlBody>;

/** The Authorization header for an API key. */
export const bearer = (apiKey: string): Record<string, string> => ({ Authorization: `Bearer ${apiKey}` });

/** graphql-ws `connectionParams` carrying an API key (default: the test admin key). */
export const wsConnectionParams = (apiKey: string = TEST_ADMIN_API_KEY): Record<string, string> => ({
  authorization: `Bearer ${apiKey}`,
});

/**
 * A GraphQL client for a control plane under test (in-process app or a base URL of a process).
 * It sends the test admin key unless `apiKey` says otherwise (`null`: no key at all).
 */
export function graphqlClient(
  target: INestApplication | string,
  options: { apiKey?: string | null; headers?: Record<string, string> } = {},
): Gql {
  const apiKey = options.apiKey === undefined ? TEST_ADMIN_API_KEY : options.apiKey;
  const headers = { ...(apiKey ? bearer(apiKey) : {}), ...options.headers };
  return async (query, variables = {}) => {
    const server = typeof target === 'string' ? target : (target.getHttpServer() as Parameters<typeof request>[0]);
    const res = await request(server).post('/graphql').set(headers).send({ query, variables });
    return res.body as GqlBody;
  };
}

/** Throws with the server's messages unless the request succeeded; returns `data`. */
export async function gqlOk(
  gql: Gql,
  query: string,
  variables?: Record<string, unknown>,
): Promise<Record<string, any>> {
  const body = await gql(query, variables);
  if (body.errors?.length || !body.data) {
    throw new Error(`GraphQL failed: ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}
