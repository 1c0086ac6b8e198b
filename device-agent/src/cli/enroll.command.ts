import { parseArgs } from 'node:util';
import { deviceIdSchema } from '@jetfleet/protocol';
import { z } from 'zod';
import { credentialsFileSchema, saveCredentials } from './credentials-file.js';

const USAGE = 'usage: jetfleet-agent enroll --url <control-plane URL> --token <token> --device-id <id> --out <file>';

const argsSchema = z.object({
  url: z.url('--url must be the control plane base URL, e.g. https://fleet.example.com'),
  token: z.string().min(1, '--token is required'),
  'device-id': deviceIdSchema,
  out: z.string().min(1, '--out is required'),
});

const answerSchema = credentialsFileSchema.omit({ controlPlaneUrl: true, enrolledAt: true });

/**
 * `jetfleet-agent enroll`: trades an enrollment token for this device's broker credentials and
 * the control plane's signing public key, and saves them (mode 0600) for `run --credentials`.
 */
export async function runEnroll(argv: string[], fetchImpl: typeof fetch = fetch): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        'device-id': { type: 'string' },
        out: { type: 'string' },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const args = argsSchema.safeParse(values);
  if (!args.success) {
    for (const i of args.error.issues)
      console.error(`${i.path.join('.') ? `--${i.path.join('.')}: ` : ''}${i.message}`);
    console.error(USAGE);
    return 2;
  }
  const { url, token, out } = args.data;
  const deviceId = args.data['device-id'];
  const endpoint = new URL('enroll', url.endsWith('/') ? url : `${url}/`);
  let res: Response;
  try {
    res = await fetchImpl(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, deviceId }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    console.error(`enroll: cannot reach ${endpoint.href}: ${(err as Error).message}`);
    return 1;
  }
  const body = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
  if (!res.ok) {
    console.error(`enroll refused (${res.status} ${body?.code ?? 'ERROR'}): ${body?.message ?? res.statusText}`);
    return 1;
  }
  const answer = answerSchema.safeParse(body);
  if (!answer.success) {
    console.error(`enroll: unexpected answer from ${endpoint.href}: ${answer.error.issues[0]?.message ?? ''}`);
    return 1;
  }
  await saveCredentials(out, { ...answer.data, controlPlaneUrl: url, enrolledAt: new Date().toISOString() });
  console.log(
    `enrolled ${answer.data.deviceId}: broker ${answer.data.mqtt.url}, credentials saved to ${out} (mode 0600)`,
  );
  if (!answer.data.signingPublicKeyPem) console.log('note: the control plane has no signing key yet');
  return 0;
}
