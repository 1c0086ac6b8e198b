/** A plain ioredis client for health checks and small commands (BullMQ keeps its own). */
export const REDIS = Symbol('REDIS');
