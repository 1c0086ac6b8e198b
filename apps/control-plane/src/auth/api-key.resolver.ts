import { Args, GraphQLISODateTime, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ApiKeyService } from './api-key.service.js';
import { toApiKey } from './auth.mapper.js';
import { CurrentPrincipal } from './current-principal.decorator.js';
import { ApiKey, ApiKeyRole, CreatedApiKey } from './dto/api-key.type.js';
import type { Principal } from './principal.types.js';
import { Roles } from './roles.decorator.js';

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  constructor(private readonly keys: ApiKeyService) {}

  @Roles('admin')
  @Query(() => [ApiKey], { description: 'Every API key, newest first, without secrets.' })
  async apiKeys(): Promise<ApiKey[]> {
    return (await this.keys.list()).map(toApiKey);
  }

  @Roles('admin')
  @Mutation(() => CreatedApiKey, { description: 'A new key; the key itself is in this answer only.' })
  async createApiKey(
    @Args('name') name: string,
    @Args('role', { type: () => ApiKeyRole }) role: ApiKeyRole,
    @Args('expiresAt', { type: () => GraphQLISODateTime, nullable: true }) expiresAt: Date | null,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CreatedApiKey> {
    const { key, row } = await this.keys.create({ name, role, expiresAt: expiresAt ?? null }, principal);
    return { key, apiKey: toApiKey(row) };
  }

  @Roles('admin')
  @Mutation(() => ApiKey, { description: 'Revokes a key at once; revoking it again changes nothing.' })
  async revokeApiKey(@Args('id', { type: () => ID }) id: string): Promise<ApiKey> {
    return toApiKey(await this.keys.revoke(id));
  }
}
