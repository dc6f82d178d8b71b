/**
 * A job that runs in the background one pass at a time: kicks while a pass runs ask for one
 * more pass instead of a second concurrent one. Keeps merging off the scheduler's path.
 */
export function coalescingJob(pass: () => Promise<unknown>, afterPass: () => void) {
  let running: Promise<void> | undefined;
  let again = false;
  let failure: unknown;
  const loop = async (): Promise<void> => {
    do {
      again = false;
      try {
        await pass();
      } catch (error) {
        failure ??= error;
      }
      afterPass();
    } while (again);
  };
  return {
    kick(): void {
      if (running) {
        again = true;
        return;
      }
      running = loop().finally(() => {
        running = undefined;
      });
    },
    /** Waits for the passes under way; rethrows the first failure of any pass. */
    async settle(): Promise<void> {
      while (running) await running;
      if (failure) throw failure;
    },
    get busy(): boolean {
      return running !== undefined;
    },
  };
}
