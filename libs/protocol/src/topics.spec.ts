import { describe, expect, it } from 'vitest';
import { parseTopic, topics } from './topics.js';

describe('topics', () => {
  it('builds versioned per-device topics', () => {
    expect(topics.status('a1')).toBe('jetfleet/v1/devices/a1/status');
    expect(topics.jobProgress('a1', 'j9')).toBe('jetfleet/v1/devices/a1/jobs/j9/progress');
    expect(topics.shared('cp', topics.allDevices('telemetry'))).toBe('$share/cp/jetfleet/v1/devices/+/telemetry');
    expect(topics.deviceInbox('a1')).toEqual(['jetfleet/v1/devices/a1/desired', 'jetfleet/v1/devices/a1/jobs/+']);
  });

  it('parses every built topic back', () => {
    expect(parseTopic(topics.telemetry('x'))).toEqual({ deviceId: 'x', channel: 'telemetry' });
    expect(parseTopic(topics.job('x', 'j'))).toEqual({ deviceId: 'x', channel: 'jobs', jobId: 'j', progress: false });
    expect(parseTopic(topics.jobProgress('x', 'j'))).toEqual({
      deviceId: 'x',
      channel: 'jobs',
      jobId: 'j',
      progress: true,
    });
  });

  it('returns null for foreign or malformed topics', () => {
    for (const t of [
      '',
      'jetfleet/v1/devices/',
      'jetfleet/v1/devices/x',
      'jetfleet/v1/devices/x/unknown',
      'other/x/status',
      'jetfleet/v1/devices/x/jobs/j/other',
    ]) {
      expect(parseTopic(t)).toBeNull();
    }
  });
});
