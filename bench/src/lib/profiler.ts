import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';

/**
 * In a measured child: a V8 CPU profile of just the measured phase (the runner starts and stops it
 * over IPC), so start-up and data preparation do not dilute the hot spots.
 */
let session: Session | null = null;

export async function profileStart(): Promise<void> {
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
}

export async function profileStop(file: string): Promise<string> {
  if (!session) throw new Error('profiler not started');
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  session = null;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(profile));
  return file;
}

/** IPC handlers to merge into a child's `serve`. */
export const profilerHandlers = {
  profileStart: () => profileStart(),
  profileStop: (file: string) => profileStop(file),
};
