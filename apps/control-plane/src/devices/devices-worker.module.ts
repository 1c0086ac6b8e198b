import { Module } from '@nestjs/common';
import { DevicesModule } from './devices.module.js';
import { LivenessProcessor } from './jobs/liveness.processor.js';

/** The BullMQ side of the device registry; loaded only by processes that run workers. */
@Module({ imports: [DevicesModule], providers: [LivenessProcessor] })
export class DevicesWorkerModule {}
