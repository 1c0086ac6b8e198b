/** What an artifact holds; stored in `artifacts.kind`. */
export enum ArtifactKind {
  Onnx = 'onnx',
  Calibration = 'calibration',
  Golden = 'golden',
  Engine = 'engine',
}

export const ARTIFACT_KINDS: readonly ArtifactKind[] = Object.values(ArtifactKind);

export const isArtifactKind = (v: unknown): v is ArtifactKind => ARTIFACT_KINDS.includes(v as ArtifactKind);

export const SHA256_PATTERN = /^[a-f0-9]{64}$/;
