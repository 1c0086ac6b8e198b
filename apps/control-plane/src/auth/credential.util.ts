import { bearerCredential } from './api-key.util.js';

type Headers = Record<string, string | string[] | undefined>;

interface ContextArgument {
  /** HTTP: Apollo's express integration passes `{ req, res }`. */
  req?: { headers?: Headers };
  /** graphql-ws: the client's `connectionParams` and the upgrade request. */
  connectionParams?: Readonly<Record<string, unknown>>;
  extra?: { request?: { headers?: Headers } };
}

/**
 * The API key a GraphQL request presents: the `Authorization` header over HTTP; over graphql-ws
 * `connectionParams.authorization` (browsers cannot set headers on a WebSocket), else the upgrade
 * request's header.
 */
export function credentialOf(arg: unknown): string | undefined {
  const a = (arg ?? {}) as ContextArgument;
  if (a.connectionParams !== undefined || a.extra !== undefined) {
    const params = a.connectionParams ?? {};
    return (
      bearerCredential(params.authorization ?? params.Authorization) ??
      bearerCredential(a.extra?.request?.headers?.authorization)
    );
  }
  return bearerCredential(a.req?.headers?.authorization);
}
