import { Injectable, type OnModuleInit } from '@nestjs/common';
import { LoaderRegistry } from '../graphql/data-loaders.js';
import { toAlert, toAlertEvent } from './alert.mapper.js';
import { AlertRepository } from './alert.repository.js';
import type { Alert, AlertEvent } from './dto/alert.type.js';

export const OPEN_ALERTS_BY_DEVICE = 'alerts.openByDevice';
export const EVENTS_BY_ALERT = 'alerts.eventsByAlert';

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) out.set(key(row), [...(out.get(key(row)) ?? []), row]);
  return out;
}

/** Batch functions behind `Device.openAlerts` and `Alert.events`: one query per page, not per row. */
@Injectable()
export class AlertLoaders implements OnModuleInit {
  constructor(
    private readonly registry: LoaderRegistry,
    private readonly repo: AlertRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register<string, Alert[]>(OPEN_ALERTS_BY_DEVICE, async (deviceIds) => {
      const byDevice = groupBy(await this.repo.findOpenByDevices(deviceIds), (r) => r.deviceId);
      return deviceIds.map((id) => (byDevice.get(id) ?? []).map(toAlert));
    });
    this.registry.register<string, AlertEvent[]>(EVENTS_BY_ALERT, async (alertIds) => {
      const byAlert = groupBy(await this.repo.findEventsOf(alertIds), (r) => r.alertId);
      return alertIds.map((id) => (byAlert.get(id) ?? []).map(toAlertEvent));
    });
  }
}
