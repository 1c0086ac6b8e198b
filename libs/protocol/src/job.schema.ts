import { z } from 'zod';

export const jobKindSchema = z.enum(['build-engine', 'evaluate-accuracy', 'benchmark']);

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

export type JobKind = z.infer<typeof jobKindSchema>;
export type JobCommand = z.infer<typeof jobCommandSchema>;
export type JobProgress = z.infer<typeof jobProgressSchema>;
