import { z } from 'zod';

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

export const reportedStateSchema = z.object({
  /** Highest desired rev the device has finished acting on (successfully or not). */
  appliedRev: z.number().int().nonnegative(),
  phase: reportedPhaseSchema,
  powerMode: z.string().max(64).nullable(),
  activeModelVersionId: z.string().max(64).nullable(),
  error: z
    .object({ code: z.string().max(64), message: z.string().max(2000) })
    .nullable()
    .optional(),
  ts: z.iso.datetime({ offset: true }),
});

export type ReportedPhase = z.infer<typeof reportedPhaseSchema>;
export type ReportedState = z.infer<typeof reportedStateSchema>;
