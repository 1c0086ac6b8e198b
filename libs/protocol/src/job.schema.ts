import { z } from 'zod';

/**
 * `build-engine`: build (and usually upload) a TensorRT engine; `fetch-engine`: download an engine
 * built elsewhere for this device's compatibility class; `cancel`: stop another job of this device.
 */
export const jobKindSchema = z.enum(['build-engine', 'fetch-engine', 'cancel', 'evaluate-accuracy', 'benchmark']);

/** A one-off command; `jobId` makes redelivery idempotent on the device. */
export const jobCommandSchema = z.object({
  jobId: z.string().min(1).max(64),
  kind: jobKindSchema,
  issuedAt: z.iso.datetime({ offset: true }),
  deadlineSec: z.number().int().positive().max(86_400),
  params: z.record(z.string(), z.unknown()),
});

export const jobProgressSchema = z.object({
  jobId: z.string().min(1).max(64),
  state: z.enum(['accepted', 'running', 'succeeded', 'failed', 'cancelled']),
  progressPct: z.number().min(0).max(100).optional(),
  message: z.string().max(2000).optional(),
  result: z.record(z.string(), z.unknown()).optional(),
  ts: z.iso.datetime({ offset: true }),
});

/** `params` of a `cancel` job: the job to stop. The cancelled job reports `state: cancelled`. */
export const cancelJobParamsSchema = z.object({
  jobId: z.string().min(1).max(64),
});

export type CancelJobParams = z.infer<typeof cancelJobParamsSchema>;
export type JobKind = z.infer<typeof jobKindSchema>;
export type JobCommand = z.infer<typeof jobCommandSchema>;
export type JobProgress = z.infer<typeof jobProgressSchema>;
