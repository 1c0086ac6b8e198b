import { z } from 'zod';

const railSchema = z.object({ curMw: z.number().min(0).max(1e6), avgMw: z.number().min(0).max(1e6) });

/** One sample. Power is `null` when the module has no usable rail: unavailable is not zero. */
export const telemetrySampleSchema = z.object({
  ts: z.iso.datetime({ offset: true }),
  powerMw: z.number().min(0).max(1e6).nullable(),
  rails: z.record(z.string().max(32), railSchema).optional(),
  temps: z.record(z.string().max(32), z.number().min(-100).max(200)).optional(),
  gpuLoadPct: z.number().min(0).max(100).nullable().optional(),
  gpuFreqMHz: z.number().min(0).max(10_000).nullable().optional(),
  cpuLoadPct: z.number().min(0).max(100).nullable().optional(),
  ramUsedMB: z.number().min(0).nullable().optional(),
  powerMode: z.string().max(64).nullable().optional(),
  latencyP95Ms: z.number().min(0).max(1e5).nullable().optional(),
  fps: z.number().min(0).max(1e6).nullable().optional(),
  ap50: z.number().min(0).max(1).nullable().optional(),
  diskFreeMB: z.number().min(0).nullable().optional(),
});

/** Devices batch samples; every message is also the heartbeat. */
export const telemetryMessageSchema = z.object({
  seq: z.number().int().nonnegative(),
  sessionId: z.string().min(1).max(64),
  samples: z.array(telemetrySampleSchema).max(600),
});

export type TelemetrySample = z.infer<typeof telemetrySampleSchema>;
export type TelemetryMessage = z.infer<typeof telemetryMessageSchema>;
