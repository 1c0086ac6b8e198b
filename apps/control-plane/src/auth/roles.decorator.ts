import { SetMetadata } from '@nestjs/common';
import type { Role } from './role.util.js';

export const ROLES_METADATA = 'jetfleet:required-role';
export const PUBLIC_METADATA = 'jetfleet:public';

/**
 * The least role that may call this resolver method (or every method of a class). Queries and
 * subscriptions take `viewer`, mutations `operator`, key management and the audit log `admin`.
 * The global RolesGuard refuses any GraphQL resolver without it.
 */
export const Roles = (role: Role): MethodDecorator & ClassDecorator => SetMetadata(ROLES_METADATA, role);

/** Callable without an API key. Nothing uses it today; every use needs a reason in a comment. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_METADATA, true);
