import { publicKeyPemOf } from '@jetfleet/protocol';

/**
 * Environment variables often carry a PEM on one line with literal `\n`; PEM parsers need real
 * newlines. Validates that the text is an ed25519 PKCS#8 private key and returns it normalised.
 */
export function normaliseConfiguredKey(text: string, source: string): { privateKeyPem: string; publicKeyPem: string } {
  const privateKeyPem = text.includes('\\n') ? text.replace(/\\n/g, '\n') : text;
  try {
    return { privateKeyPem, publicKeyPem: publicKeyPemOf(privateKeyPem) };
  } catch (err) {
    throw new Error(`${source}: not an ed25519 PKCS#8 private key in PEM (${(err as Error).message})`, { cause: err });
  }
}
