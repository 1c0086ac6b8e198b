import { describe, expect, it } from 'vitest';
import { buildJobId, cancelJobId, fetchJobId, localBuildJobId, parseBuildJobId } from './build-job-id.util.js';

const id = '0b8e0c6e-2f6a-4c1e-9d55-5a1f3f4c2b10';

describe('build job ids', () => {
  it('round-trip and fit the protocol limit', () => {
    expect(parseBuildJobId(buildJobId(id, 3))).toEqual({ kind: 'build', buildId: id, attempt: 3 });
    expect(parseBuildJobId(cancelJobId(id, 1))).toEqual({ kind: 'cancel', buildId: id, attempt: 1 });
    expect(parseBuildJobId(fetchJobId(id))).toEqual({ kind: 'fetch', buildId: id });
    expect(parseBuildJobId(localBuildJobId(id))).toEqual({ kind: 'local', buildId: id });
    expect(buildJobId(id, 20).length).toBeLessThanOrEqual(64);
  });

  it('returns null for ids of other features and malformed ones', () => {
    for (const jobId of ['bench-1', `build.${id}`, `fetch.${id}.2`, `build.${id}.0`, `build.not-a-uuid.1`, '']) {
      expect(parseBuildJobId(jobId)).toBeNull();
    }
  });
});
