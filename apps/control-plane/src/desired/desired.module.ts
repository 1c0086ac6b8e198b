import { Module } from '@nestjs/common';
import { SigningModule } from '../signing/signing.module.js';
import { DesiredStatePublisher } from './desired-state.publisher.js';
import { DesiredStateRepository } from './desired-state.repository.js';
import { DeviceReportedRepository } from './device-reported.repository.js';
import { DeviceTargetRepository } from './device-target.repository.js';
import { PowerModeRequestRepository } from './power-mode-request.repository.js';
import { PowerModeService } from './power-mode.service.js';

const providers = [
  DesiredStateRepository,
  DesiredStatePublisher,
  DeviceReportedRepository,
  DeviceTargetRepository,
  PowerModeRequestRepository,
  PowerModeService,
];

/**
 * Desired and reported device state: the stored, retained documents devices converge to, what
 * they report back, and fleet power-mode changes. Shared by rollouts (API and worker).
 */
@Module({ imports: [SigningModule], providers, exports: providers })
export class DesiredModule {}
