import { describe, expect, it } from 'vitest';
import { decodeDeviceMessage } from './decode.js';
import { MAX_PAYLOAD_BYTES } from './protocol-version.constant.js';
import { topics } from './topics.js';

const enc = (v: unknown): Buffer => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const now = '2026-11-23T10:00:00.000Z';

const birth = {
  state: 'online',
  protocolVersion: 1,
  agentVersion: '0.1.0',
  sessionId: 's1',
  heartbeatSec: 5,
  ts: now,
  hardware: {
    module: 'orin-nx-16gb',
    l4t: '36.4.3',
    jetpack: '6.2',
    tensorrt: '10.3.0',
    cuda: '12.6',
    smArch: '8.7',
    dlaCores: 2,
    cpuCores: 8,
    ramTotalMB: 15657,
    diskTotalMB: 120000,
    diskFreeMB: 80000,
    powerMode: 'MAXN_SUPER',
  },
};

describe('decodeDeviceMessage', () => {
  it('accepts a valid birth and defaults simulated to false', () => {
    const r = decodeDeviceMessage(topics.status('dev-1'), enc(birth));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.channel).toBe('status');
    expect(r.value.deviceId).toBe('dev-1');
    expect(r.value.message).toMatchObject({ state: 'online', hardware: { module: 'orin-nx-16gb', simulated: false } });
  });

  it('accepts a Last Will offline status', () => {
    const r = decodeDeviceMessage(topics.status('dev-1'), enc({ state: 'offline', reason: 'lwt', sessionId: 's1' }));
    expect(r).toMatchObject({ ok: true, value: { message: { state: 'offline', reason: 'lwt' } } });
  });

  it('accepts telemetry with unavailable power as null', () => {
    const r = decodeDeviceMessage(
      topics.telemetry('dev-1'),
      enc({ seq: 3, sessionId: 's1', samples: [{ ts: now, powerMw: null, temps: { cpu: 41.5 } }] }),
    );
    expect(r).toMatchObject({ ok: true, value: { channel: 'telemetry', message: { samples: [{ powerMw: null }] } } });
  });

  it('rejects non-JSON with invalid_json and keeps the device id', () => {
    expect(decodeDeviceMessage(topics.telemetry('dev-1'), enc('{not json'))).toMatchObject({
      ok: false,
      reason: 'invalid_json',
      deviceId: 'dev-1',
    });
  });

  it('names the failing field on schema errors', () => {
    const r = decodeDeviceMessage(topics.telemetry('dev-1'), enc({ seq: -1, sessionId: 's1', samples: [] }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('invalid_schema');
    expect(r.detail).toContain('seq');
  });

  it('rejects negative power and out-of-range temperatures', () => {
    const bad = { seq: 1, sessionId: 's', samples: [{ ts: now, powerMw: -5, temps: { cpu: 900 } }] };
    const r = decodeDeviceMessage(topics.telemetry('dev-1'), enc(bad));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.detail).toMatch(/samples\.0\.powerMw/);
    expect(r.detail).toMatch(/samples\.0\.temps\.cpu/);
  });

  it('rejects oversized payloads before parsing', () => {
    const r = decodeDeviceMessage(topics.telemetry('dev-1'), Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x20));
    expect(r).toMatchObject({ ok: false, reason: 'too_large' });
  });

  it('rejects topics a device must not publish to', () => {
    expect(decodeDeviceMessage(topics.desired('dev-1'), enc({}))).toMatchObject({ ok: false, reason: 'unknown_topic' });
    expect(decodeDeviceMessage(topics.job('dev-1', 'j1'), enc({}))).toMatchObject({
      ok: false,
      reason: 'unknown_topic',
    });
    expect(decodeDeviceMessage('jetfleet/v1/devices/dev-1/status/extra', enc(birth))).toMatchObject({
      ok: false,
      reason: 'unknown_topic',
    });
    expect(decodeDeviceMessage('jetfleet/v0/devices/dev-1/status', enc(birth))).toMatchObject({ ok: false });
  });

  it('rejects device ids that are not valid topic levels', () => {
    expect(decodeDeviceMessage('jetfleet/v1/devices/-bad/status', enc(birth))).toMatchObject({
      ok: false,
      reason: 'invalid_device_id',
    });
  });

  it('rejects an unknown status state', () => {
    const r = decodeDeviceMessage(topics.status('d'), enc({ ...birth, state: 'sleeping' }));
    expect(r).toMatchObject({ ok: false, reason: 'invalid_schema' });
  });

  it('accepts job progress only when the id matches the topic', () => {
    const p = { jobId: 'j1', state: 'running', progressPct: 40, ts: now };
    expect(decodeDeviceMessage(topics.jobProgress('d', 'j1'), enc(p))).toMatchObject({
      ok: true,
      value: { channel: 'jobs', jobId: 'j1' },
    });
    expect(decodeDeviceMessage(topics.jobProgress('d', 'j2'), enc(p))).toMatchObject({
      ok: false,
      reason: 'invalid_schema',
    });
  });

  it('accepts a reported state and rejects an unknown phase', () => {
    const rep = { appliedRev: 2, phase: 'healthy', powerMode: '15W', activeModelVersionId: null, ts: now };
    expect(decodeDeviceMessage(topics.reported('d'), enc(rep)).ok).toBe(true);
    expect(decodeDeviceMessage(topics.reported('d'), enc({ ...rep, phase: 'exploded' })).ok).toBe(false);
  });
});
