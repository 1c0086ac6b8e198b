import { describe, expect, it } from 'vitest';
import { ArtifactKind } from './artifact-kind.constant.js';
import { signArtifactToken, verifyArtifactToken } from './artifact-token.util.js';

const SECRET = 'a'.repeat(32);
const NOW = Date.UTC(2026, 0, 1);
const exp = NOW / 1000 + 60;
const SHA = 'ab'.repeat(32);

describe('artifact tokens', () => {
  it('round-trips upload and download claims', () => {
    const upload = signArtifactToken({ typ: 'upload', kind: ArtifactKind.Onnx, exp }, SECRET);
    expect(verifyArtifactToken(upload, SECRET, NOW)).toEqual({
      ok: true,
      claims: { typ: 'upload', kind: 'onnx', exp },
    });
    const download = signArtifactToken({ typ: 'download', sha256: SHA, dev: 'jetson-1', exp }, SECRET);
    expect(verifyArtifactToken(download, SECRET, NOW)).toEqual({
      ok: true,
      claims: { typ: 'download', sha256: SHA, dev: 'jetson-1', exp },
    });
  });

  it('refuses an expired token and says when it expired', () => {
    const token = signArtifactToken({ typ: 'upload', kind: ArtifactKind.Golden, exp }, SECRET);
    expect(verifyArtifactToken(token, SECRET, exp * 1000)).toEqual({
      ok: false,
      problem: 'expired',
      expiredAt: new Date(exp * 1000),
    });
  });

  it('refuses another secret, a changed payload and malformed tokens', () => {
    const token = signArtifactToken({ typ: 'download', sha256: SHA, exp }, SECRET);
    expect(verifyArtifactToken(token, 'b'.repeat(32), NOW)).toEqual({ ok: false, problem: 'bad_signature' });
    const [v, , sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ typ: 'download', sha256: 'cd'.repeat(32), exp })).toString('base64url');
    expect(verifyArtifactToken(`${v}.${forged}.${sig}`, SECRET, NOW)).toEqual({ ok: false, problem: 'bad_signature' });
    for (const bad of ['', 'abc', 'jfa1..', 'jfa2.x.y', `${token}.extra`]) {
      expect(verifyArtifactToken(bad, SECRET, NOW)).toEqual({ ok: false, problem: 'malformed' });
    }
  });

  it('refuses well-signed claims of the wrong shape', () => {
    const token = signArtifactToken({ typ: 'upload', kind: 'model' as ArtifactKind, exp }, SECRET);
    expect(verifyArtifactToken(token, SECRET, NOW)).toEqual({ ok: false, problem: 'malformed' });
  });
});
