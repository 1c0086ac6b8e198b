import { Injectable } from '@nestjs/common';
import type { ReportedState } from '@jetfleet/protocol';
import { DeviceReportedRepository } from '../desired/device-reported.repository.js';
import { PowerModeService } from '../desired/power-mode.service.js';
import { RolloutReportHandler } from './rollout-report.handler.js';

/** Where the ingest hands `reported` documents: stored, then given to power-mode changes and rollouts. */
@Injectable()
export class DeviceReportService {
  constructor(
    private readonly reported: DeviceReportedRepository,
    private readonly powerModes: PowerModeService,
    private readonly rollouts: RolloutReportHandler,
  ) {}

  async handle(deviceId: string, report: ReportedState): Promise<void> {
    const now = new Date();
    const fresh = await this.reported.upsert(deviceId, report, now);
    if (!fresh) return;
    await this.powerModes.onReported(deviceId, report);
    await this.rollouts.handle(deviceId, report, now);
  }
}
