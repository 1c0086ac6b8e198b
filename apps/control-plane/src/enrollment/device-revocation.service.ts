import { Injectable, Logger } from '@nestjs/common';
import { deviceIdSchema } from '@jetfleet/protocol';
import type { DeviceStatusEvent } from '../devices/dto/device-status-event.type.js';
import { EventBus } from '../pubsub/event-bus.service.js';
import { EventTopic } from '../pubsub/pubsub.tokens.js';
import { BrokerProvisioner } from './broker-provisioner.service.js';
import { DeviceCredentialRepository } from './device-credential.repository.js';
import { EnrollmentErrorCode, EnrollmentException } from './enrollment.exception.js';

export interface RevokedDeviceResult {
  deviceId: string;
  revokedAt: Date;
}

/**
 * Revokes a device: the broker disconnects it and forgets its client first (so a failure there
 * changes nothing and can be retried), then the credentials are marked revoked and the device
 * offline with reason `revoked`. The device can enroll again only with a new token.
 */
@Injectable()
export class DeviceRevocationService {
  private readonly logger = new Logger('Enrollment');

  constructor(
    private readonly credentials: DeviceCredentialRepository,
    private readonly provisioner: BrokerProvisioner,
    private readonly events: EventBus,
  ) {}

  async revoke(deviceId: string): Promise<RevokedDeviceResult> {
    if (!deviceIdSchema.safeParse(deviceId).success) {
      throw new EnrollmentException(EnrollmentErrorCode.InvalidRequest, `"${deviceId}" is not a valid device id`);
    }
    if (!(await this.credentials.findActive(deviceId))) {
      throw new EnrollmentException(
        EnrollmentErrorCode.NotEnrolled,
        `device "${deviceId}" has no active broker credentials`,
        { deviceId },
      );
    }
    await this.provisioner.revokeDevice(deviceId);
    const now = new Date();
    const known = await this.credentials.transaction(async (tx) => {
      await this.credentials.markRevoked(deviceId, now, tx);
      return this.credentials.markDeviceRevoked(deviceId, now, tx);
    });
    this.logger.log({ deviceId }, `device ${deviceId} revoked`);
    if (known) {
      const event: DeviceStatusEvent = { deviceId, online: false, reason: 'revoked', at: now };
      await this.events
        .publish(EventTopic.DeviceStatusChanged, event)
        .catch((err: Error) => this.logger.warn(`status event not published: ${err.message}`));
    }
    return { deviceId, revokedAt: now };
  }
}
