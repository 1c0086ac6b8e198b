import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyBootstrapService } from './api-key-bootstrap.service.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { ApiKeyResolver } from './api-key.resolver.js';
import { ApiKeyService } from './api-key.service.js';
import { AuditLogRepository } from './audit-log.repository.js';
import { AuditLogResolver } from './audit-log.resolver.js';
import { AuditLogService } from './audit-log.service.js';
import { AuditPlugin } from './audit.plugin.js';
import { RolesGuard } from './roles.guard.js';

const graphql = [ApiKeyResolver, AuditLogResolver, AuditPlugin];
const services = [ApiKeyService, ApiKeyBootstrapService, AuditLogService];
const repositories = [ApiKeyRepository, AuditLogRepository];

/**
 * Operators (API process only): API keys and roles, the global RolesGuard, and the audit log of
 * mutations. ApiKeyService is exported for the GraphQL context and for HTTP routes that need an
 * operator key.
 */
@Module({
  providers: [...graphql, ...services, ...repositories, { provide: APP_GUARD, useClass: RolesGuard }],
  exports: [ApiKeyService],
})
export class AuthModule {}
