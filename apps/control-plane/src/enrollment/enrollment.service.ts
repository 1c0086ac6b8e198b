import { Injectable, Logger } from '@nestjs/common';
import { TOPIC_ROOT } from '@jetfleet/protocol';
import { AppConfig } from '../config/app-config.service.js';
import { BrokerProvisioner } from './broker-provisioner.service.js';
import { deviceUsername } from './device-acl.util.js';
import { DeviceCredentialRepository } from './device-credential.repository.js';
import { describeIssues, enrollRequestSchema } from './enrollment-input.util.js';
import { EnrollmentStatsService } from './enrollment-stats.service.js';
import { EnrollmentTokenRepository } from './enrollment-token.repository.js';
import { deviceIdAllowed, hashEnrollmentToken, parseTokenScope, tokenState } from './enrollment-token.util.js';
import { EnrollmentErrorCode, EnrollmentException } from './enrollment.exception.js';
import type { DeviceBrokerCredentials, EnrollmentTokenRow } from './enrollment.types.js';
import { SigningKeyRepository } from './signing-key.repository.js';

/** What `POST /enroll` answers: everything the agent needs, shown once (the password is not stored). */
export interface EnrollmentResult {
  deviceId: string;
  mqtt: DeviceBrokerCredentials & { url: string };
  topicsRoot: string;
  /** Null until the signing service has created a key. */
  signingKeyId: string | null;
  signingPublicKeyPem: string | null;
}

/**
 * Exchanges an enrollment token for per-device broker credentials. The token use, the device's
 * credential row and its tags are one transaction that also spans the broker provisioning: a
 * refusal or a broker failure leaves the token's uses and the database as they were.
 */
@Injectable()
export class EnrollmentService {
  private readonly logger = new Logger('Enrollment');

  constructor(
    private readonly tokens: EnrollmentTokenRepository,
    private readonly credentials: DeviceCredentialRepository,
    private readonly signingKeys: SigningKeyRepository,
    private readonly provisioner: BrokerProvisioner,
    private readonly stats: EnrollmentStatsService,
    private readonly config: AppConfig,
  ) {}

  async enroll(body: unknown, address: string): Promise<EnrollmentResult> {
    if (this.stats.throttled(address)) {
      this.stats.recordFailure(EnrollmentErrorCode.TooManyFailures, address, false);
      throw new EnrollmentException(
        EnrollmentErrorCode.TooManyFailures,
        'too many failed enrollment attempts from this address; wait a minute',
      );
    }
    try {
      const result = await this.attempt(body);
      this.stats.recordSuccess();
      return result;
    } catch (err) {
      const reason = err instanceof EnrollmentException ? err.reason : 'INTERNAL';
      const callersFault = err instanceof EnrollmentException && err.httpStatus < 500;
      this.stats.recordFailure(reason, address, callersFault);
      throw err;
    }
  }

  private async attempt(body: unknown): Promise<EnrollmentResult> {
    const parsed = enrollRequestSchema.safeParse(body);
    if (!parsed.success) {
      throw new EnrollmentException(EnrollmentErrorCode.InvalidRequest, describeIssues(parsed.error));
    }
    const { token, deviceId, hardware } = parsed.data;
    if (!this.provisioner.enabled) {
      throw new EnrollmentException(
        EnrollmentErrorCode.ProvisioningDisabled,
        'device enrollment needs the broker dynamic-security plugin (MQTT_DYNSEC_ENABLED=true)',
      );
    }
    const hash = hashEnrollmentToken(token);
    const now = new Date();
    const { mqtt, tokenRow } = await this.tokens.transaction(async (tx) => {
      const tokenRow = await this.tokens.consumeUse(hash, now, tx);
      if (!tokenRow) throw this.refusal(await this.tokens.findByHash(hash, tx), now);
      const scope = parseTokenScope(tokenRow.scope);
      if (!deviceIdAllowed(scope, deviceId)) {
        throw new EnrollmentException(
          EnrollmentErrorCode.DeviceIdNotAllowed,
          `device id "${deviceId}" does not start with this token's prefix "${scope.deviceIdPrefix}"`,
          { deviceId },
        );
      }
      if (!(await this.credentials.claim(deviceId, deviceUsername(deviceId), tokenRow.id, now, tx))) {
        throw new EnrollmentException(
          EnrollmentErrorCode.AlreadyEnrolled,
          `device "${deviceId}" is already enrolled; revoke it (revokeDevice) before enrolling it again`,
          { deviceId },
        );
      }
      const mqtt = await this.provisioner.provisionDevice(deviceId);
      // A device already in the registry gets its tags now; a new one at its first birth (EnrollmentTagsListener).
      if (scope.tags?.length) await this.credentials.addTags(deviceId, scope.tags, tx);
      return { mqtt, tokenRow };
    });
    const key = await this.signingKeys.newestPublicKey();
    this.logger.log(
      { deviceId, tokenId: tokenRow.id, module: hardware?.module ?? null },
      `device ${deviceId} enrolled with token "${tokenRow.name}"`,
    );
    return {
      deviceId,
      mqtt: { url: this.deviceMqttUrl(), ...mqtt },
      topicsRoot: `${TOPIC_ROOT}/devices/${deviceId}`,
      signingKeyId: key?.kid ?? null,
      signingPublicKeyPem: key?.publicKeyPem ?? null,
    };
  }

  private refusal(row: EnrollmentTokenRow | undefined, now: Date): EnrollmentException {
    if (!row) return new EnrollmentException(EnrollmentErrorCode.InvalidToken, 'unknown enrollment token');
    const state = tokenState(row, now);
    switch (state) {
      case 'revoked':
        return new EnrollmentException(EnrollmentErrorCode.TokenRevoked, 'this enrollment token was revoked');
      case 'expired':
        return new EnrollmentException(
          EnrollmentErrorCode.TokenExpired,
          `this enrollment token expired at ${row.expiresAt.toISOString()}`,
        );
      case 'used_up':
      case 'active': // used up by a concurrent enrollment between the two statements
        return new EnrollmentException(
          EnrollmentErrorCode.TokenUsedUp,
          `this enrollment token has been used ${row.uses} of ${row.maxUses} times`,
        );
    }
  }

  /** The broker as devices reach it, never with the control plane's own credentials. */
  private deviceMqttUrl(): string {
    const url = new URL(this.config.get('DEVICE_MQTT_URL') ?? this.config.get('MQTT_URL'));
    url.username = '';
    url.password = '';
    return url.toString();
  }
}
