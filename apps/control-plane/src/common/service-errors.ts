/** Turns a connection failure into one line naming the service, instead of a stack trace. */
export function describeServiceError(err: unknown): string | null {
  const e = err as { code?: string; address?: string; port?: number; message?: string } | null;
  if (!e || typeof e !== 'object') return null;
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'ETIMEDOUT') {
    const where = e.address ? `${e.address}:${e.port ?? ''}` : (e.message ?? '');
    const service =
      e.port === 5432 ? 'PostgreSQL' : e.port === 6379 ? 'Redis' : e.port === 1883 ? 'the MQTT broker' : 'a service';
    return `Cannot reach ${service} at ${where} (${e.code}). Is it running? See README "Quick start".`;
  }
  if (e.code === '3D000' || e.code === '28P01' || e.code === '28000') {
    return `PostgreSQL refused the connection: ${e.message ?? e.code}`;
  }
  return null;
}
