import { deviceIdSchema, hardwareFactsSchema } from '@jetfleet/protocol';
import { z } from 'zod';

/** Same rules as device tags (DeviceQueryService), since the token's tags become device tags. */
const TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:_.=-]{0,62}$/;
const MAX_TAGS = 32;
/** A prefix is the start of a device id, so it obeys the device-id alphabet. */
const PREFIX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export const MAX_TOKEN_TTL_SEC = 365 * 86_400;

/** Body of `POST /enroll`. Unknown keys are ignored so newer agents can send more. */
export const enrollRequestSchema = z.object({
  token: z.string().min(1, 'token is required').max(200),
  deviceId: deviceIdSchema,
  hardware: hardwareFactsSchema.optional(),
});

export type EnrollRequest = z.infer<typeof enrollRequestSchema>;

export const tokenInputSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(100),
  maxUses: z.number().int().min(1).max(100_000),
  ttlSec: z.number().int().min(60).max(MAX_TOKEN_TTL_SEC),
  tags: z
    .array(z.string().regex(TAG_PATTERN, 'tags are 1-63 chars of [A-Za-z0-9:_.=-]'))
    .max(MAX_TAGS)
    .transform((tags) => [...new Set(tags)].sort())
    .optional(),
  deviceIdPrefix: z
    .string()
    .regex(PREFIX_PATTERN, 'deviceIdPrefix must be 1-63 chars of [A-Za-z0-9_.-], starting alphanumeric')
    .optional(),
});

export type TokenInput = z.infer<typeof tokenInputSchema>;

/** One line naming every problem, e.g. `deviceId: device id must be …; token: token is required`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
}
