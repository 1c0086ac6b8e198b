import type { BuildEngineParams } from '@jetfleet/protocol';
import type { OnnxInput } from './recipe-check.util.js';

/** The protocol's artifact reference: URL, sha256, size. */
export type ArtifactRef = BuildEngineParams['onnx'];

/** What builds need to know about a registered model version. */
export interface BuildModelVersion {
  id: string;
  onnxSha256: string;
  inputs: OnnxInput[];
  calibrationSha256: string | null;
  simHints: Record<string, number> | null;
}

/**
 * Everything the builds feature needs from the model registry and the artifact store, kept
 * narrow so builds depend on four calls, not on those features' internals. Implemented by
 * `RegistryBuildArtifacts`; unit tests give their own.
 */
export abstract class BuildArtifactsPort {
  abstract getModelVersion(id: string): Promise<BuildModelVersion | null>;

  /** A short-lived download reference to a stored artifact, bound to the device that will fetch it. */
  abstract downloadRef(sha256: string, deviceId: string, ttlSec?: number): Promise<ArtifactRef>;

  /** A URL a builder PUTs its engine to (upload token in the query), valid for `ttlSec`. */
  abstract engineUploadUrl(ttlSec: number): string;

  /** True when an engine with this sha256 has been uploaded and stored. */
  abstract engineStored(sha256: string): Promise<boolean>;
}
