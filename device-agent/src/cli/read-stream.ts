/** Reads a whole stream as UTF-8, refusing more than `maxBytes` so a runaway pipe cannot exhaust memory. */
export async function readStream(stream: NodeJS.ReadableStream, maxBytes = 64 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > maxBytes) throw new Error(`input larger than ${maxBytes} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
