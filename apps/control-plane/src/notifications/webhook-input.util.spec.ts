import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../common/jetfleet.exception.js';
import { InvalidWebhookInputException } from './notifications.exception.js';
import { parseEndpointId, parseSecret, parseSeverities, parseWebhookUrl } from './webhook-input.util.js';

const rejects = (fn: () => unknown, message: RegExp) => {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InvalidWebhookInputException);
  expect((error as InvalidWebhookInputException).code).toBe(ErrorCode.BadUserInput);
  expect((error as Error).message).toMatch(message);
};

describe('parseWebhookUrl', () => {
  it('accepts http and https URLs with a host, normalised', () => {
    expect(parseWebhookUrl('https://hooks.example.com/jetfleet?x=1')).toBe('https://hooks.example.com/jetfleet?x=1');
    expect(parseWebhookUrl('  http://127.0.0.1:8080 ')).toBe('http://127.0.0.1:8080/');
    expect(parseWebhookUrl('HTTPS://Example.COM/a')).toBe('https://example.com/a');
  });

  it('rejects other schemes, relative URLs, credentials and absurd lengths', () => {
    rejects(() => parseWebhookUrl('ftp://example.com/x'), /http or https, not ftp/);
    rejects(() => parseWebhookUrl('file:///etc/passwd'), /http or https/);
    rejects(() => parseWebhookUrl('/hooks'), /not an absolute URL/);
    rejects(() => parseWebhookUrl('example.com/hooks'), /not an absolute URL|http or https/);
    rejects(() => parseWebhookUrl('http://'), /not an absolute URL/);
    rejects(() => parseWebhookUrl('https://user:pw@example.com/'), /credentials/);
    rejects(() => parseWebhookUrl(`https://example.com/${'a'.repeat(2048)}`), /longer than/);
  });
});

describe('parseSeverities', () => {
  it('returns a deduplicated subset in canonical order', () => {
    expect(parseSeverities(['critical', 'info', 'critical'])).toEqual(['info', 'critical']);
    expect(parseSeverities(['warning'])).toEqual(['warning']);
  });

  it('rejects an empty list and unknown severities, naming them', () => {
    rejects(() => parseSeverities([]), /at least one of info, warning, critical/);
    rejects(() => parseSeverities(['critical', 'fatal', 'Warning']), /unknown severities "fatal", "Warning"/);
  });
});

describe('parseSecret', () => {
  it('accepts 16-256 printable characters', () => {
    expect(parseSecret('0123456789abcdef')).toBe('0123456789abcdef');
  });

  it('rejects short, long or blank-containing secrets', () => {
    rejects(() => parseSecret('short'), /16-256/);
    rejects(() => parseSecret('x'.repeat(257)), /16-256/);
    rejects(() => parseSecret('has a space in it!!'), /16-256/);
  });
});

describe('parseEndpointId', () => {
  it('accepts uuids and rejects anything else', () => {
    expect(parseEndpointId('3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toBe('3f2504e0-4f89-11d3-9a0c-0305e82c3301');
    rejects(() => parseEndpointId('42'), /not a webhook endpoint id/);
  });
});
