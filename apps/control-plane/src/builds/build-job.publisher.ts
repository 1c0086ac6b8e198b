import { Injectable } from '@nestjs/common';
import {
  buildEngineParamsSchema,
  cancelJobParamsSchema,
  fetchEngineParamsSchema,
  topics,
  type BuildEngineParams,
  type FetchEngineParams,
  type JobCommand,
  type JobKind,
} from '@jetfleet/protocol';
import { MqttService } from '../mqtt/mqtt.service.js';
import { MessageSigner } from '../signing/message-signer.service.js';

/**
 * Sends the builds feature's jobs to devices, signed: QoS 1, not retained (a job is one-off; a device
 * that was offline gets it again from the watchdog). Params are checked against the protocol
 * schema first, so a bug here fails loudly instead of on the device.
 */
@Injectable()
export class BuildJobPublisher {
  constructor(
    private readonly mqtt: MqttService,
    private readonly signer: MessageSigner,
  ) {}

  sendBuild(deviceId: string, jobId: string, params: BuildEngineParams, deadlineSec: number): Promise<void> {
    return this.send(deviceId, jobId, 'build-engine', buildEngineParamsSchema.parse(params), deadlineSec);
  }

  sendFetch(deviceId: string, jobId: string, params: FetchEngineParams, deadlineSec: number): Promise<void> {
    return this.send(deviceId, jobId, 'fetch-engine', fetchEngineParamsSchema.parse(params), deadlineSec);
  }

  sendCancel(deviceId: string, jobId: string, targetJobId: string): Promise<void> {
    return this.send(deviceId, jobId, 'cancel', cancelJobParamsSchema.parse({ jobId: targetJobId }), 60);
  }

  private async send(
    deviceId: string,
    jobId: string,
    kind: JobKind,
    params: Record<string, unknown>,
    deadlineSec: number,
  ): Promise<void> {
    const command: JobCommand = { jobId, kind, issuedAt: new Date().toISOString(), deadlineSec, params };
    await this.mqtt.publish(topics.job(deviceId, jobId), this.signer.signJob(deviceId, command), { qos: 1 });
  }
}
