import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

export interface GqlError {
  message: string;
  extensions?: { code?: string; details?: Record<string, unknown> };
}

export interface GqlBody {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response shapes ad hoc
  data?: Record<string, any> | null;
  errors?: GqlError[];
}

export type Gql = (query: string, variables?: Record<string, unknown>) => Promise<GqlBody>;

/** A GraphQL client for a control plane under test (in-process app or a base URL of a process). */
export function graphqlClient(target: INestApplication | string, headers: Record<string, string> = {}): Gql {
  return async (query, variables = {}) => {
    const server = typeof target === 'string' ? target : (target.getHttpServer() as Parameters<typeof request>[0]);
    const res = await request(server).post('/graphql').set(headers).send({ query, variables });
    return res.body as GqlBody;
  };
}

/** Throws with the server's messages unless the request succeeded; returns `data`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see GqlBody
export async function gqlOk(gql: Gql, query: string, variables?: Record<string, unknown>): Promise<Record<string, any>> {
  const body = await gql(query, variables);
  if (body.errors?.length || !body.data) {
    throw new Error(`GraphQL failed: ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}
