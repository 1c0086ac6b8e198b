import { Injectable } from '@nestjs/common';

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

export type WebhookResponse =
  { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

const SNIPPET_BYTES = 200;

/**
 * The one place webhook HTTP happens. Never throws: every outcome is data for the delivery log.
 * Redirects are not followed (a 3xx is a failure), so a signed alert only goes to the URL the
 * operator registered.
 */
@Injectable()
export class WebhookHttpClient {
  async post(req: WebhookRequest): Promise<WebhookResponse> {
    const signal = AbortSignal.timeout(req.timeoutMs);
    try {
      const res = await fetch(req.url, {
        method: 'POST',
        body: req.body,
        headers: req.headers,
        redirect: 'manual',
        signal,
      });
      if (res.status >= 200 && res.status < 300) {
        await res.body?.cancel().catch(() => undefined);
        return { ok: true, statusCode: res.status };
      }
      const snippet = await readSnippet(res);
      return { ok: false, statusCode: res.status, error: `HTTP ${res.status}${snippet ? `: ${snippet}` : ''}` };
    } catch (err) {
      return { ok: false, statusCode: null, error: describeFetchError(err, signal, req.timeoutMs) };
    }
  }
}

/** The start of an error response, which often says what the receiver disliked. */
async function readSnippet(res: Response): Promise<string> {
  const reader = (res.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut short still leaves the status code to report.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString('utf8', 0, Math.min(size, SNIPPET_BYTES)).replace(/\s+/g, ' ').trim();
}

function describeFetchError(err: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return `no response within ${timeoutMs} ms`;
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${err.message} (${detail})` : err.message;
}
