/** The contract between alerts (producer) and notifications (delivery). */
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export type AlertNotificationEvent = 'alert.raised' | 'alert.updated' | 'alert.acknowledged' | 'alert.resolved';

export interface AlertNotification {
  id: string;
  kind: string;
  deviceId: string;
  severity: AlertSeverity;
  status: 'firing' | 'acknowledged' | 'resolved';
  summary: string;
  details: Record<string, unknown>;
  firedAt: string;
  resolvedAt: string | null;
}

/** Implemented by NotificationService; alerts depend on this shape only. */
export interface AlertNotifier {
  notifyAlert(event: AlertNotificationEvent, alert: AlertNotification): Promise<void>;
}

export const ALERT_NOTIFIER = Symbol('ALERT_NOTIFIER');
