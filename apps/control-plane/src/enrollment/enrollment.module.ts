import { Module } from '@nestjs/common';
import { BrokerProvisioner } from './broker-provisioner.service.js';
import { DeviceCredentialRepository } from './device-credential.repository.js';
import { DeviceRevocationService } from './device-revocation.service.js';
import { EnrollmentStatsService } from './enrollment-stats.service.js';
import { EnrollmentTagsListener } from './enrollment-tags.listener.js';
import { EnrollmentTokenRepository } from './enrollment-token.repository.js';
import { EnrollmentTokenService } from './enrollment-token.service.js';
import { EnrollmentController } from './enrollment.controller.js';
import { EnrollmentResolver } from './enrollment.resolver.js';
import { EnrollmentService } from './enrollment.service.js';
import { SigningKeyRepository } from './signing-key.repository.js';

const repositories = [EnrollmentTokenRepository, DeviceCredentialRepository, SigningKeyRepository];
const services = [
  BrokerProvisioner,
  EnrollmentStatsService,
  EnrollmentService,
  EnrollmentTokenService,
  DeviceRevocationService,
];

/** API process only: `POST /enroll`, the token and revocation GraphQL operations, broker provisioning. */
@Module({
  controllers: [EnrollmentController],
  providers: [...repositories, ...services, EnrollmentTagsListener, EnrollmentResolver],
  exports: [BrokerProvisioner],
})
export class EnrollmentModule {}
