import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authOf } from '../auth/request-auth.js';
import { Roles } from '../auth/roles.decorator.js';
import { CreatedEnrollmentToken } from './dto/created-enrollment-token.type.js';
import { EnrollmentStats } from './dto/enrollment-stats.type.js';
import { EnrollmentToken } from './dto/enrollment-token.type.js';
import { RevokedDevice } from './dto/revoked-device.type.js';
import { DeviceRevocationService } from './device-revocation.service.js';
import { EnrollmentStatsService } from './enrollment-stats.service.js';
import { toEnrollmentToken } from './enrollment-token.mapper.js';
import { EnrollmentTokenService } from './enrollment-token.service.js';

/** Admin-only: enrollment tokens are fleet credentials, and revocation cuts a device off. */
@Roles('admin')
@Resolver(() => EnrollmentToken)
export class EnrollmentResolver {
  constructor(
    private readonly tokens: EnrollmentTokenService,
    private readonly revocation: DeviceRevocationService,
    private readonly stats: EnrollmentStatsService,
  ) {}

  @Mutation(() => CreatedEnrollmentToken, { description: 'Creates an enrollment token; its secret is returned once.' })
  async createEnrollmentToken(
    @Args('name') name: string,
    @Args('maxUses', { type: () => Int }) maxUses: number,
    @Args('ttlSec', { type: () => Int }) ttlSec: number,
    @Args('tags', { type: () => [String], nullable: true }) tags: string[] | null,
    @Args('deviceIdPrefix', { type: () => String, nullable: true }) deviceIdPrefix: string | null,
    @Context() context: unknown,
  ): Promise<CreatedEnrollmentToken> {
    const input = { name, maxUses, ttlSec, ...(tags ? { tags } : {}), ...(deviceIdPrefix ? { deviceIdPrefix } : {}) };
    const { token, row } = await this.tokens.create(input, authOf(context)?.principal?.name ?? null);
    return { token, enrollmentToken: toEnrollmentToken(row) };
  }

  @Query(() => [EnrollmentToken], { description: 'Enrollment tokens, newest first.' })
  async enrollmentTokens(
    @Args('first', { type: () => Int, defaultValue: 100 }) first: number,
  ): Promise<EnrollmentToken[]> {
    const now = new Date();
    return (await this.tokens.list(first)).map((row) => toEnrollmentToken(row, now));
  }

  @Mutation(() => EnrollmentToken, { description: 'Stops a token from enrolling more devices (enrolled ones stay).' })
  async revokeEnrollmentToken(@Args('id', { type: () => ID }) id: string): Promise<EnrollmentToken> {
    return toEnrollmentToken(await this.tokens.revoke(id));
  }

  @Mutation(() => RevokedDevice, {
    description: 'Deletes the device broker credentials, disconnecting it, and marks it offline (reason "revoked").',
  })
  revokeDevice(@Args('deviceId', { type: () => ID }) deviceId: string): Promise<RevokedDevice> {
    return this.revocation.revoke(deviceId);
  }

  @Query(() => EnrollmentStats)
  enrollmentStats(): EnrollmentStats {
    const { enrolled, failures } = this.stats.snapshot();
    return { enrolled, failures: Object.entries(failures).map(([reason, count]) => ({ reason, count })) };
  }
}
