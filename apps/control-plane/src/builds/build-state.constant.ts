/** engine_builds.state. Values are stored; never rename one. */
export const BuildState = {
  Queued: 'queued',
  Dispatched: 'dispatched',
  Building: 'building',
  Succeeded: 'succeeded',
  Failed: 'failed',
  TimedOut: 'timed_out',
  Cancelled: 'cancelled',
} as const;
export type BuildState = (typeof BuildState)[keyof typeof BuildState];

/** A builder holds the build (it is "busy") in these states. */
export const RUNNING_BUILD_STATES: readonly BuildState[] = [BuildState.Dispatched, BuildState.Building];

/** States after which nothing happens to a build any more. */
export const FINISHED_BUILD_STATES: readonly BuildState[] = [
  BuildState.Succeeded,
  BuildState.Failed,
  BuildState.TimedOut,
  BuildState.Cancelled,
];

/** Finished without an engine; a new schedule may create another build for the same class. */
export const UNSUCCESSFUL_BUILD_STATES: readonly BuildState[] = [
  BuildState.Failed,
  BuildState.TimedOut,
  BuildState.Cancelled,
];

/** device_engines.state. */
export const DeviceEngineState = {
  /** Waiting: for the class's build, for the device to come online, or for its own local build. */
  Pending: 'pending',
  /** A `fetch-engine` job was sent. */
  Fetching: 'fetching',
  /** The device built its own engine (local fallback); nothing was uploaded. */
  BuiltLocally: 'built_locally',
  Ready: 'ready',
  Failed: 'failed',
} as const;
export type DeviceEngineState = (typeof DeviceEngineState)[keyof typeof DeviceEngineState];

export const isBuildState = (v: string): v is BuildState => (Object.values(BuildState) as string[]).includes(v);
