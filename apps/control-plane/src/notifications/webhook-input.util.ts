import { ALERT_SEVERITIES, type AlertSeverity } from './alert-notification.types.js';
import { InvalidWebhookInputException } from './notifications.exception.js';
import { isUuid } from '../common/uuid.util.js';

const MAX_URL_LENGTH = 2048;
const SECRET_PATTERN = /^[\x21-\x7e]{16,256}$/;

/** An absolute http(s) URL with a host and no credentials (fetch refuses those, and they would leak into logs). */
export function parseWebhookUrl(raw: string): string {
  const text = raw.trim();
  if (text.length > MAX_URL_LENGTH)
    throw new InvalidWebhookInputException(`url is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidWebhookInputException(`url ${JSON.stringify(raw)} is not an absolute URL`, { url: raw });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidWebhookInputException(`url must use http or https, not ${url.protocol.slice(0, -1)}`, {
      url: raw,
    });
  }
  if (!url.hostname) throw new InvalidWebhookInputException('url has no host', { url: raw });
  if (url.username || url.password) {
    throw new InvalidWebhookInputException('url must not contain credentials; authenticate with the signature');
  }
  return url.toString();
}

/** A non-empty subset of ALERT_SEVERITIES, deduplicated, in the canonical order. */
export function parseSeverities(raw: readonly string[]): AlertSeverity[] {
  const unknown = raw.filter((s) => !(ALERT_SEVERITIES as readonly string[]).includes(s));
  if (unknown.length) {
    throw new InvalidWebhookInputException(
      `unknown severit${unknown.length > 1 ? 'ies' : 'y'} ${unknown.map((s) => JSON.stringify(s)).join(', ')}; ` +
        `use ${ALERT_SEVERITIES.join(', ')}`,
      { invalid: unknown, allowed: [...ALERT_SEVERITIES] },
    );
  }
  if (raw.length === 0) {
    throw new InvalidWebhookInputException(`severities must name at least one of ${ALERT_SEVERITIES.join(', ')}`);
  }
  return ALERT_SEVERITIES.filter((s) => raw.includes(s));
}

/** Operator-chosen secrets: 16-256 printable ASCII characters without spaces. */
export function parseSecret(raw: string): string {
  if (!SECRET_PATTERN.test(raw)) {
    throw new InvalidWebhookInputException('secret must be 16-256 printable ASCII characters without spaces');
  }
  return raw;
}

/** Rejects ids PostgreSQL would refuse as uuid, so a typo is a clear input error rather than a server error. */
export function parseEndpointId(raw: string): string {
  if (!isUuid(raw)) throw new InvalidWebhookInputException(`"${raw}" is not a webhook endpoint id`);
  return raw.toLowerCase();
}
