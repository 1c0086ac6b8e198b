import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { describe, expect, it } from 'vitest';
import { JetfleetException } from '../common/jetfleet.exception.js';
import type { ApiKeyService } from './api-key.service.js';
import type { Principal } from './principal.types.js';
import { RequestAuth } from './request-auth.js';
import { Public, Roles } from './roles.decorator.js';
import { RolesGuard } from './roles.guard.js';
import { roleAllows, type Role } from './role.util.js';

class SampleResolver {
  @Roles('operator')
  guarded(this: void): void {}

  forgotten(this: void): void {}

  @Public()
  open(this: void): void {}
}

/** Keys by credential; only the guard's decisions are under test here (auth.int.test.ts covers the database). */
const keys = {
  authenticate: (credential: string | undefined): Promise<Principal> => {
    const role = credential?.slice('key-'.length) as Role | undefined;
    if (!credential || !role) return Promise.reject(new Error('UNAUTHENTICATED'));
    return Promise.resolve({ keyId: credential, name: credential, role });
  },
  requireRole: (p: Principal, required: Role, what: string) => {
    if (!roleAllows(p.role, required)) throw new Error(`FORBIDDEN ${what}`);
  },
} as unknown as ApiKeyService;

const guard = new RolesGuard(new Reflector(), keys);

function graphqlCall(method: keyof SampleResolver, credential: string | undefined) {
  const context = { auth: new RequestAuth(credential, keys) };
  const info = { parentType: { name: 'Mutation' }, fieldName: method };
  const host = new ExecutionContextHost([{}, {}, context, info], SampleResolver, SampleResolver.prototype[method]);
  host.setType('graphql');
  return guard.canActivate(host);
}

describe('RolesGuard', () => {
  it('lets a strong enough key through and refuses a weaker one', async () => {
    await expect(graphqlCall('guarded', 'key-admin')).resolves.toBe(true);
    await expect(graphqlCall('guarded', 'key-viewer')).rejects.toThrow('FORBIDDEN Mutation.guarded');
    await expect(graphqlCall('guarded', undefined)).rejects.toThrow('UNAUTHENTICATED');
  });

  it('refuses a resolver that declares no role, even to an admin', async () => {
    const refused = await graphqlCall('forgotten', 'key-admin').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(JetfleetException);
    expect(refused).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Mutation.forgotten is not available: it declares no role',
    });
  });

  it('lets an explicit @Public resolver through without a key', async () => {
    await expect(graphqlCall('open', undefined)).resolves.toBe(true);
  });

  it('leaves HTTP routes without a role to their own tokens', async () => {
    const host = new ExecutionContextHost([{ headers: {} }, {}], SampleResolver, SampleResolver.prototype.forgotten);
    host.setType('http');
    await expect(guard.canActivate(host)).resolves.toBe(true);
  });
});
