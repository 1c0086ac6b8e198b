import { z } from 'zod';

const sha256 = z.string().regex(/^[a-f0-9]{64}$/, 'sha256 must be 64 lowercase hex chars');

export const artifactRefSchema = z.object({
  url: z.string().url().max(2048),
  sha256,
  sizeBytes: z.number().int().positive(),
});

export type ArtifactRef = z.infer<typeof artifactRefSchema>;

/**
 * The model a device should serve: the engine of its compatibility class, plus what its local
 * health check must see before it calls the new engine healthy.
 */
export const desiredModelSchema = z.object({
  modelVersionId: z.string().min(1).max(64),
  recipeHash: sha256,
  engine: artifactRefSchema,
  /** Local health check after activation; a miss restores the previous engine. */
  health: z
    .object({
      maxLatencyP95Ms: z.number().positive().max(1e5).optional(),
      minAp50: z.number().min(0).max(1).optional(),
    })
    .optional(),
  /** Simulation-only model hints; real adapters ignore them. */
  simHints: z.record(z.string(), z.number()).optional(),
});

export type DesiredModel = z.infer<typeof desiredModelSchema>;

/** An nvpmodel mode resolved for this device's module by the control plane. */
export const desiredPowerModeSchema = z.object({
  name: z.string().min(1).max(64),
  id: z.number().int().nonnegative().max(255),
  /** Modes that need a reboot are applied only when the operator allowed it explicitly. */
  allowReboot: z.boolean(),
});

export type DesiredPowerMode = z.infer<typeof desiredPowerModeSchema>;

/**
 * Retained desired-state document. `rev` only ever increases; a device ignores a document
 * whose rev is not above the one it has applied, which makes redelivery and reordering harmless.
 * An absent field means "leave as is"; `model: null` means "serve nothing".
 */
export const desiredStateSchema = z.object({
  rev: z.number().int().nonnegative(),
  issuedAt: z.iso.datetime({ offset: true }),
  model: desiredModelSchema.nullable().optional(),
  powerMode: desiredPowerModeSchema.nullable().optional(),
  jetsonClocks: z.boolean().optional(),
});

export type DesiredState = z.infer<typeof desiredStateSchema>;
