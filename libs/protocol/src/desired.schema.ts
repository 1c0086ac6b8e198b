import { z } from 'zod';

const sha256 = z.string().regex(/^[a-f0-9]{64}$/, 'sha256 must be 64 lowercase hex chars');

export const artifactRefSchema = z.object({
  url: z.string().url().max(2048),
  sha256,
  sizeBytes: z.number().int().positive(),
});

/**
 * Retained desired-state document. `rev` only ever increases; a device ignores a document
 * whose rev is not above the one it has applied, which makes redelivery and reordering harmless.
 */
export const desiredStateSchema = z.object({
  rev: z.number().int().nonnegative(),
  issuedAt: z.iso.datetime({ offset: true }),
  model: z
    .object({
      modelVersionId: z.string().min(1).max(64),
      onnx: artifactRefSchema.optional(),
      engine: artifactRefSchema.optional(),
    })
    .nullable()
    .optional(),
  powerMode: z.string().max(64).nullable().optional(),
  jetsonClocks: z.boolean().optional(),
});

export type DesiredState = z.infer<typeof desiredStateSchema>;
