import { Module } from '@nestjs/common';
import { TelemetryMaintenanceProcessor } from './jobs/telemetry-maintenance.processor.js';
import { TelemetryMaintenanceRepository } from './telemetry-maintenance.repository.js';
import { TelemetryMaintenanceService } from './telemetry-maintenance.service.js';

@Module({
  providers: [TelemetryMaintenanceRepository, TelemetryMaintenanceService, TelemetryMaintenanceProcessor],
  exports: [TelemetryMaintenanceService],
})
export class TelemetryWorkerModule {}
