import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { AuditLogService } from './audit-log.service.js';
import { toAuditEntry } from './auth.mapper.js';
import { AuditEntry, AuditEntryConnection } from './dto/audit-entry.type.js';
import { Roles } from './roles.decorator.js';

@Resolver(() => AuditEntry)
export class AuditLogResolver {
  constructor(private readonly audit: AuditLogService) {}

  @Roles('admin')
  @Query(() => AuditEntryConnection, { description: 'Every mutation, newest first, as a Relay connection.' })
  async auditLog(
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('action', { type: () => String, nullable: true, description: 'Only this mutation, e.g. setDeviceTags.' })
    action: string | null,
  ): Promise<AuditEntryConnection> {
    const page = await this.audit.list(first, after ?? null, action ?? null);
    return {
      edges: page.rows.map(({ cursor, row }) => ({ cursor, node: toAuditEntry(row) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    };
  }
}
