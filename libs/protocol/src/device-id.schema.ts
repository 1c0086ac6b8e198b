import { z } from 'zod';

/** Device ids become MQTT topic levels, so wildcards, separators and `$` are excluded. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const deviceIdSchema = z
  .string()
  .regex(DEVICE_ID_PATTERN, 'device id must be 1-64 chars of [A-Za-z0-9_.-], starting alphanumeric');

export type DeviceId = z.infer<typeof deviceIdSchema>;
