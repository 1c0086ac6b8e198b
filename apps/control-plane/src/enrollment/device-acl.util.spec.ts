import { describe, expect, it } from 'vitest';
import { deviceAcls, deviceClientId, deviceRoleName } from './device-acl.util.js';

describe('device ACLs', () => {
  it('let a device publish and receive only under its own topics', () => {
    const acls = deviceAcls('cam-01');
    const of = (type: string) => acls.filter((a) => a.acltype === type).map((a) => a.topic);
    expect(of('publishClientSend')).toEqual([
      'jetfleet/v1/devices/cam-01/status',
      'jetfleet/v1/devices/cam-01/reported',
      'jetfleet/v1/devices/cam-01/telemetry',
      'jetfleet/v1/devices/cam-01/jobs/+/progress',
    ]);
    expect(of('subscribeLiteral')).toEqual(['jetfleet/v1/devices/cam-01/desired', 'jetfleet/v1/devices/cam-01/jobs/+']);
    expect(of('publishClientReceive')).toEqual(of('subscribeLiteral'));
    expect(acls.every((a) => a.allow && a.topic.startsWith('jetfleet/v1/devices/cam-01/'))).toBe(true);
  });

  it('names the client id and role after the device', () => {
    expect(deviceClientId('cam-01')).toBe('jetfleet-dev-cam-01');
    expect(deviceRoleName('cam-01')).toBe('jetfleet-device-cam-01');
  });
});
