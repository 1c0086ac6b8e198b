import { registerEnumType } from '@nestjs/graphql';

/** GraphQL names in capitals; values as stored. */
export const AlertStatusEnum = { FIRING: 'firing', ACKNOWLEDGED: 'acknowledged', RESOLVED: 'resolved' } as const;
registerEnumType(AlertStatusEnum, { name: 'AlertStatus' });

export const AlertSeverityEnum = { INFO: 'info', WARNING: 'warning', CRITICAL: 'critical' } as const;
registerEnumType(AlertSeverityEnum, { name: 'AlertSeverity' });

export const AlertScopeKindEnum = { FLEET: 'fleet', MODULE: 'module', TAG: 'tag' } as const;
registerEnumType(AlertScopeKindEnum, {
  name: 'AlertScopeKind',
  description: 'Which devices a rule applies to; tag beats module beats fleet.',
});
