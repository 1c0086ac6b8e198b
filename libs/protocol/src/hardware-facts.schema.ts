import { z } from 'zod';

/** What a device tells the control plane about itself at birth; enough to compute engine compatibility. */
export const hardwareFactsSchema = z.object({
  module: z.string().min(1).max(64),
  moduleName: z.string().max(128).optional(),
  soc: z.string().max(32).optional(),
  l4t: z.string().max(32).nullable(),
  jetpack: z.string().max(32).nullable(),
  tensorrt: z.string().max(32).nullable(),
  cuda: z.string().max(32).nullable(),
  smArch: z.string().max(16).nullable(),
  dlaCores: z.number().int().min(0).max(8),
  cpuCores: z.number().int().min(1).max(64),
  ramTotalMB: z.number().int().positive(),
  diskTotalMB: z.number().int().nonnegative(),
  diskFreeMB: z.number().int().nonnegative(),
  powerMode: z.string().max(64).nullable(),
  simulated: z.boolean().default(false),
});

export type HardwareFacts = z.infer<typeof hardwareFactsSchema>;
