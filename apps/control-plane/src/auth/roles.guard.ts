import type { IncomingMessage } from 'node:http';
import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { ErrorCode, JetfleetException } from '../common/jetfleet.exception.js';
import { ApiKeyService } from './api-key.service.js';
import { bearerCredential } from './api-key.util.js';
import { authOf } from './request-auth.js';
import { PUBLIC_METADATA, ROLES_METADATA } from './roles.decorator.js';
import type { Role } from './role.util.js';

/**
 * The global guard. Every GraphQL resolver (root fields, subscriptions and resolve-fields) must
 * declare `@Roles(...)`; one that does not is refused, so a resolver added without thinking about
 * access is closed, not open. HTTP routes are checked only when they declare a role: device
 * routes carry their own tokens.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly logger = new Logger('Auth');
  private readonly reported = new Set<string>();

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_METADATA, targets)) return true;
    const required = this.reflector.getAllAndOverride<Role | undefined>(ROLES_METADATA, targets);
    const type = context.getType<GqlContextType>();
    if (type === 'graphql') {
      const gql = GqlExecutionContext.create(context);
      const info = gql.getInfo<{ parentType: { name: string }; fieldName: string }>();
      const what = `${info.parentType.name}.${info.fieldName}`;
      if (!required) throw this.undeclared(what, context);
      const auth = authOf(gql.getContext());
      if (!auth) throw new Error('the GraphQL context has no RequestAuth');
      this.keys.requireRole(await auth.authenticate(), required, what);
      return true;
    }
    if (type === 'http' && required) {
      const req = context.switchToHttp().getRequest<IncomingMessage>();
      const principal = await this.keys.authenticate(bearerCredential(req.headers.authorization));
      this.keys.requireRole(principal, required, `${req.method ?? ''} ${req.url?.split('?')[0] ?? ''}`.trim());
    }
    return true;
  }

  private undeclared(what: string, context: ExecutionContext): JetfleetException {
    const method = `${context.getClass().name}.${context.getHandler().name}`;
    if (!this.reported.has(method)) {
      this.reported.add(method);
      this.logger.error(`${method} has no @Roles(...): refused until it declares one`);
    }
    return new JetfleetException(ErrorCode.Forbidden, `${what} is not available: it declares no role`);
  }
}
