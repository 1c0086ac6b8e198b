/** Resolves after SIGINT/SIGTERM once `cleanup` ran; a second signal exits at once. */
export function onShutdown(cleanup: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const handler = (): void => {
      if (stopping) process.exit(130);
      stopping = true;
      cleanup()
        .catch((err: unknown) => console.error('shutdown error', err))
        .finally(resolve);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}
