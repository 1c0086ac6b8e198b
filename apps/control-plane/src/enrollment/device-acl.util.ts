import { topics } from '@jetfleet/protocol';

export type DynsecAclType = 'publishClientSend' | 'publishClientReceive' | 'subscribeLiteral';

export interface DynsecAcl {
  acltype: DynsecAclType;
  topic: string;
  allow: boolean;
  priority: number;
}

/** The broker username is the device id, so a client can only ever be one device. */
export const deviceUsername = (deviceId: string): string => deviceId;

/** What the agent already sends (device-agent.ts); the broker refuses any other client id. */
export const deviceClientId = (deviceId: string): string => `jetfleet-dev-${deviceId}`;

export const deviceRoleName = (deviceId: string): string => `jetfleet-device-${deviceId}`;

const allow = (acltype: DynsecAclType, topic: string): DynsecAcl => ({ acltype, topic, allow: true, priority: 0 });

/**
 * Everything one device may do; the broker denies the rest by default. One role per device, with
 * literal topics, because Mosquitto 2.0's dynamic-security plugin has no %u/%c substitution (a
 * shared role with `%u` topics matched nothing on 2.0.11). Subscriptions are literal: exactly the
 * filters the agent uses, so no wildcard can reach past its own topics.
 */
export function deviceAcls(deviceId: string): DynsecAcl[] {
  const inbox = topics.deviceInbox(deviceId);
  return [
    allow('publishClientSend', topics.status(deviceId)),
    allow('publishClientSend', topics.reported(deviceId)),
    allow('publishClientSend', topics.telemetry(deviceId)),
    allow('publishClientSend', topics.jobProgress(deviceId, '+')),
    ...inbox.map((t) => allow('subscribeLiteral', t)),
    ...inbox.map((t) => allow('publishClientReceive', t)),
  ];
}
