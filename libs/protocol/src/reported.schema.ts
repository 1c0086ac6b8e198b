import { z } from 'zod';

/**
 * Where a device is in converging to its desired state. `failed`: the new state could not be
 * reached and the device kept (or restored) what it had; `rolled_back`: the local health check
 * failed after activation and the previous engine is active again.
 */
export const reportedPhaseSchema = z.enum([
  'idle',
  'downloading',
  'building',
  'activating',
  'verifying',
  'healthy',
  'failed',
  'rolled_back',
]);

/** Stable error codes a device reports; they label counters and deployment reasons. */
export const reportedErrorCodeSchema = z.enum([
  'download_failed',
  'sha256_mismatch',
  'disk_full',
  'activation_failed',
  'health_check_failed',
  'power_mode_unknown',
  'power_mode_failed',
  'reboot_required',
  'signature_invalid',
  'expired',
  'internal',
]);

export const verificationSchema = z.object({
  /** The engine deserialized and ran: measured p95 latency and throughput. */
  latencyP95Ms: z.number().min(0).max(1e5).nullable(),
  fps: z.number().min(0).max(1e6).nullable(),
  /** Golden-set AP50 on the device; null when the board cannot evaluate it. */
  ap50: z.number().min(0).max(1).nullable(),
});

export const reportedStateSchema = z.object({
  /** Highest desired rev the device has finished acting on (successfully or not). */
  appliedRev: z.number().int().nonnegative(),
  /** The rev this report is about (the one in progress, or `appliedRev` when idle). */
  targetRev: z.number().int().nonnegative().optional(),
  phase: reportedPhaseSchema,
  /** Mode name as `nvpmodel -q` prints it, and its id. */
  powerMode: z.string().max(64).nullable(),
  powerModeId: z.number().int().nonnegative().max(255).nullable().optional(),
  activeModelVersionId: z.string().max(64).nullable(),
  activeEngineSha256: z
    .string()
    .regex(/^[a-f0-9]{64}$/)
    .nullable()
    .optional(),
  /** Kept on disk for an instant rollback. */
  previousModelVersionId: z.string().max(64).nullable().optional(),
  verification: verificationSchema.nullable().optional(),
  error: z
    .object({ code: reportedErrorCodeSchema, message: z.string().max(2000) })
    .nullable()
    .optional(),
  ts: z.iso.datetime({ offset: true }),
});

export type ReportedPhase = z.infer<typeof reportedPhaseSchema>;
export type ReportedErrorCode = z.infer<typeof reportedErrorCodeSchema>;
export type Verification = z.infer<typeof verificationSchema>;
export type ReportedState = z.infer<typeof reportedStateSchema>;
