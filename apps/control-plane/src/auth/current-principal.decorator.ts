import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Principal } from './principal.types.js';
import { authOf } from './request-auth.js';

/** The caller of a guarded resolver; the RolesGuard has authenticated it before the method runs. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = authOf(GqlExecutionContext.create(context).getContext())?.principal;
  if (!principal) throw new Error('@CurrentPrincipal used on a resolver the RolesGuard did not authenticate');
  return principal;
});
