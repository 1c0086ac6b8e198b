/**
 * Ids of the MQTT jobs the builds feature sends; the one place they are made and read back.
 * A job id is unique per device (topics are per device), fits the protocol's 64 characters with
 * a uuid build id, and tells a progress message which build, attempt or fetch it belongs to.
 */
export type BuildJobRef =
  | { kind: 'build'; buildId: string; attempt: number }
  | { kind: 'fetch'; buildId: string }
  | { kind: 'local'; buildId: string }
  | { kind: 'cancel'; buildId: string; attempt: number };

const PATTERN = /^(build|fetch|local|cancel)\.([0-9a-f-]{36})(?:\.(\d{1,4}))?$/;

/** Attempt `attempt` (1-based) of a shared build on its builder. */
export const buildJobId = (buildId: string, attempt: number): string => `build.${buildId}.${attempt}`;

/** Download of a succeeded build's engine by one device of its class. */
export const fetchJobId = (buildId: string): string => `fetch.${buildId}`;

/** A device of a class whose build `buildId` failed, building for itself. */
export const localBuildJobId = (buildId: string): string => `local.${buildId}`;

export const cancelJobId = (buildId: string, attempt: number): string => `cancel.${buildId}.${attempt}`;

/** Null for job ids the builds feature did not make. */
export function parseBuildJobId(jobId: string): BuildJobRef | null {
  const m = PATTERN.exec(jobId);
  if (!m) return null;
  const [, kindText, buildId = '', attemptText] = m;
  const kind = kindText as BuildJobRef['kind'];
  const attempt = attemptText === undefined ? null : Number(attemptText);
  switch (kind) {
    case 'build':
    case 'cancel':
      return attempt === null || attempt < 1 ? null : { kind, buildId, attempt };
    case 'fetch':
    case 'local':
      return attempt === null ? { kind, buildId } : null;
  }
}
