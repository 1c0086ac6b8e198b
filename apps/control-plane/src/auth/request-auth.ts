import type { Principal } from './principal.types.js';

export interface KeyAuthenticator {
  authenticate(credential: string | undefined): Promise<Principal>;
}

/**
 * The caller of one GraphQL request (or one subscription), authenticated on first use and then
 * remembered, so a request that runs many guarded fields looks its key up once.
 */
export class RequestAuth {
  private pending: Promise<Principal> | null = null;
  /** Set once authentication succeeded; the audit plugin and @CurrentPrincipal read it. */
  principal: Principal | null = null;

  constructor(
    readonly credential: string | undefined,
    private readonly authenticator: KeyAuthenticator,
  ) {}

  authenticate(): Promise<Principal> {
    this.pending ??= this.authenticator.authenticate(this.credential).then((p) => (this.principal = p));
    return this.pending;
  }
}

/** What the GraphQL context carries for authentication (next to the DataLoaders). */
export interface AuthContext {
  auth: RequestAuth;
}

export const authOf = (context: unknown): RequestAuth | null => {
  const auth = (context as Partial<AuthContext> | null)?.auth;
  return auth instanceof RequestAuth ? auth : null;
};
