import { describe, expect, it } from 'vitest';
import { DownloadError } from '../jobs/artifact-download.js';
import { ReconcileError, toReportedError } from './reconcile-error.js';

describe('toReportedError', () => {
  it('maps download, disk and step errors to their reported codes', () => {
    expect(toReportedError(new DownloadError('sha256_mismatch', 'sha256 mismatch')).code).toBe('sha256_mismatch');
    expect(toReportedError(new DownloadError('size_mismatch', 'expected 10 bytes')).code).toBe('sha256_mismatch');
    expect(toReportedError(new DownloadError('http_error', 'HTTP 404')).code).toBe('download_failed');
    expect(toReportedError(new DownloadError('network', 'ECONNRESET')).code).toBe('download_failed');
    const enospc = Object.assign(new Error('write failed'), { code: 'ENOSPC' });
    expect(toReportedError(enospc).code).toBe('disk_full');
    expect(toReportedError(new Error('disk full: cannot store 30 MB engine')).code).toBe('disk_full');
    expect(toReportedError(new ReconcileError('reboot_required', 'needs a reboot'))).toEqual({
      code: 'reboot_required',
      message: 'needs a reboot',
    });
    expect(toReportedError('boom')).toEqual({ code: 'internal', message: 'boom' });
  });

  it('keeps messages within the protocol limit', () => {
    expect(toReportedError(new Error('x'.repeat(5000))).message).toHaveLength(2000);
  });
});
