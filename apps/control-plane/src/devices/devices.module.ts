import { Module } from '@nestjs/common';
import { DeviceQueryService } from './device-query.service.js';
import { DeviceRegistryService } from './device-registry.service.js';
import { DeviceRepository } from './device.repository.js';
import { DeviceResolver } from './device.resolver.js';

@Module({
  providers: [DeviceRepository, DeviceQueryService, DeviceRegistryService, DeviceResolver],
  exports: [DeviceRepository, DeviceRegistryService],
})
export class DevicesModule {}
