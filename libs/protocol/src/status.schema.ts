import { z } from 'zod';
import { hardwareFactsSchema } from './hardware-facts.schema.js';

const isoTime = z.iso.datetime({ offset: true });

/**
 * Retained status. `sessionId` is new on every connect so that a Last Will from an
 * older session, delivered late, cannot mark a reconnected device offline.
 */
export const onlineStatusSchema = z.object({
  state: z.literal('online'),
  protocolVersion: z.number().int().positive(),
  agentVersion: z.string().min(1).max(32),
  sessionId: z.string().min(1).max(64),
  heartbeatSec: z.number().positive().max(3600),
  hardware: hardwareFactsSchema,
  ts: isoTime,
});

export const offlineStatusSchema = z.object({
  state: z.literal('offline'),
  /** `lwt`: the broker published the Last Will; `shutdown`: the agent said goodbye. */
  reason: z.enum(['lwt', 'shutdown']),
  sessionId: z.string().min(1).max(64),
  ts: isoTime.optional(),
});

export const statusMessageSchema = z.discriminatedUnion('state', [onlineStatusSchema, offlineStatusSchema]);

export type OnlineStatus = z.infer<typeof onlineStatusSchema>;
export type OfflineStatus = z.infer<typeof offlineStatusSchema>;
export type StatusMessage = z.infer<typeof statusMessageSchema>;
