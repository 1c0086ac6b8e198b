/** Bumped on any breaking change to topics or payloads; carried in every birth message. */
export const PROTOCOL_VERSION = 1;

/** Root of every topic; the version in the path lets v1 and v2 fleets share one broker. */
export const TOPIC_ROOT = `jetfleet/v${PROTOCOL_VERSION}`;

/** Payloads above this size are rejected before JSON parsing. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;
