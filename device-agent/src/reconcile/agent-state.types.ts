import { z } from 'zod';
import { reportedErrorCodeSchema, reportedPhaseSchema, verificationSchema } from '@jetfleet/protocol';

const sha256 = z.string().regex(/^[a-f0-9]{64}$/);

/** An engine kept on the device, and what its local health check measured when it was activated. */
export const engineRecordSchema = z.object({
  modelVersionId: z.string().min(1).max(64),
  recipeHash: sha256,
  engineSha256: sha256,
  path: z.string().min(1),
  verification: verificationSchema.nullable(),
});

export type EngineRecord = z.infer<typeof engineRecordSchema>;

/** How the last desired rev ended; a restarted agent reports it again instead of a blank `idle`. */
export const convergenceOutcomeSchema = z.object({
  phase: reportedPhaseSchema,
  error: z.object({ code: reportedErrorCodeSchema, message: z.string().max(2000) }).nullable(),
  verification: verificationSchema.nullable(),
});

export type ConvergenceOutcome = z.infer<typeof convergenceOutcomeSchema>;

/** `<workDir>/agent-state.json`: what the agent has applied, so a restart neither redoes nor forgets work. */
export const agentStateSchema = z.object({
  version: z.literal(1),
  appliedRev: z.number().int().nonnegative(),
  active: engineRecordSchema.nullable(),
  /** Kept on disk so a rollback is a file swap. */
  previous: engineRecordSchema.nullable(),
  /** The last power mode a desired state set here (the board's own mode is read with `nvpmodel -q`). */
  powerMode: z.object({ name: z.string().max(64), id: z.number().int().nonnegative() }).nullable(),
  outcome: convergenceOutcomeSchema,
});

export type AgentState = z.infer<typeof agentStateSchema>;

export const initialAgentState = (): AgentState => ({
  version: 1,
  appliedRev: 0,
  active: null,
  previous: null,
  powerMode: null,
  outcome: { phase: 'idle', error: null, verification: null },
});
