import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config.service.js';
import { partitionsToDrop, partitionsToEnsure } from './partition-plan.util.js';
import { ROLLUP_SIZES, TelemetryMaintenanceRepository } from './telemetry-maintenance.repository.js';

const DAY_MS = 86_400_000;
/** Samples may arrive this late (device batches, broker queues) and still land in their rollup. */
const LATE_WINDOW_MS = 5 * 60_000;

const floorTo = (t: number, sizeSec: number): Date => new Date(Math.floor(t / (sizeSec * 1000)) * sizeSec * 1000);

export interface MaintenanceReport {
  partitionsCreated: string[];
  partitionsDropped: string[];
  rollupRows: Record<number, number>;
}

@Injectable()
export class TelemetryMaintenanceService {
  private readonly logger = new Logger(TelemetryMaintenanceService.name);

  constructor(
    private readonly repo: TelemetryMaintenanceRepository,
    private readonly config: AppConfig,
  ) {}

  async run(now = new Date()): Promise<MaintenanceReport> {
    const existing = await this.repo.existingPartitions();
    const created: string[] = [];
    for (const p of partitionsToEnsure(now)) {
      if (existing.includes(p.name)) continue;
      await this.repo.createPartition(p);
      created.push(p.name);
    }
    const rawDays = this.config.get('TELEMETRY_RETENTION_DAYS');
    const dropped = partitionsToDrop(existing, now, rawDays);
    for (const name of dropped) await this.repo.dropPartition(name);
    await this.repo.deleteExpired(
      new Date(now.getTime() - rawDays * DAY_MS),
      new Date(now.getTime() - this.config.get('ROLLUP_RETENTION_DAYS') * DAY_MS),
    );

    const rollupRows: Record<number, number> = {};
    for (const size of ROLLUP_SIZES) {
      const wm = (await this.repo.watermark(size))?.getTime() ?? now.getTime() - rawDays * DAY_MS;
      const from = floorTo(Math.min(wm, now.getTime()) - LATE_WINDOW_MS, size);
      rollupRows[size] = await this.repo.rollup(size, from, now, floorTo(now.getTime(), size));
    }
    if (created.length || dropped.length) {
      this.logger.log(`telemetry partitions created: [${created.join(', ')}], dropped: [${dropped.join(', ')}]`);
    }
    return { partitionsCreated: created, partitionsDropped: dropped, rollupRows };
  }
}
