import type { alertEvents, alertRules, alerts } from '../database/schema.js';
import type { AlertNotification, AlertSeverity } from '../notifications/alert-notification.types.js';
import type { AlertScopeKind, AlertStatus } from './alert-kind.constant.js';
import type { AlertRule } from './dto/alert-rule.type.js';
import type { Alert, AlertEvent } from './dto/alert.type.js';

export type AlertRow = typeof alerts.$inferSelect;
export type AlertEventRow = typeof alertEvents.$inferSelect;
export type AlertRuleRow = typeof alertRules.$inferSelect;

/** Row → GraphQL object. Status, severity and scope were checked on the way in. */
export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    dedupeKey: row.dedupeKey,
    kind: row.kind,
    deviceId: row.deviceId,
    severity: row.severity as AlertSeverity,
    status: row.status as AlertStatus,
    summary: row.summary,
    details: row.details,
    firedAt: row.firedAt,
    lastEvaluatedAt: row.lastEvaluatedAt,
    acknowledgedAt: row.acknowledgedAt,
    acknowledgedBy: row.acknowledgedBy,
    resolvedAt: row.resolvedAt,
  };
}

export function toAlertEvent(row: AlertEventRow): AlertEvent {
  return { id: String(row.id), type: row.type, at: row.at, details: row.details };
}

export function toAlertRule(row: AlertRuleRow): AlertRule {
  return {
    id: row.id,
    kind: row.kind,
    scopeKind: row.scopeKind as AlertScopeKind,
    scopeValue: row.scopeValue,
    severity: row.severity as AlertSeverity,
    params: Object.entries(row.params).map(([name, value]) => ({ name, value })),
    enabled: row.enabled,
    createdAt: row.createdAt,
  };
}

export function toAlertNotification(alert: Alert): AlertNotification {
  return {
    id: alert.id,
    kind: alert.kind,
    deviceId: alert.deviceId,
    severity: alert.severity,
    status: alert.status,
    summary: alert.summary,
    details: alert.details,
    firedAt: alert.firedAt.toISOString(),
    resolvedAt: alert.resolvedAt?.toISOString() ?? null,
  };
}
