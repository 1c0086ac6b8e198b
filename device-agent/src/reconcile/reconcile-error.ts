import type { ReportedErrorCode } from '@jetfleet/protocol';
import { DownloadError } from '../jobs/artifact-download.js';

/** A step refused or failed with a code the device reports. */
export class ReconcileError extends Error {
  constructor(
    readonly code: ReportedErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ReconcileError';
  }
}

const DISK_FULL = /ENOSPC|no space left|disk full/i;

/** Maps whatever a step threw to a reported error; unknown errors become `internal` with their message. */
export function toReportedError(err: unknown): { code: ReportedErrorCode; message: string } {
  const message = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
  if (err instanceof ReconcileError) return { code: err.code, message };
  if ((err as NodeJS.ErrnoException | null)?.code === 'ENOSPC' || DISK_FULL.test(message)) {
    return { code: 'disk_full', message };
  }
  if (err instanceof DownloadError) {
    // A wrong size is the same verdict as a wrong digest: these are not the referenced bytes.
    const integrity = err.code === 'sha256_mismatch' || err.code === 'size_mismatch';
    return { code: integrity ? 'sha256_mismatch' : 'download_failed', message };
  }
  return { code: 'internal', message };
}
