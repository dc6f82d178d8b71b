/** Lets a loop sleep until something happened, without losing a wake-up that came early. */
export function wakeup(): { wake: () => void; wait: () => Promise<void> } {
  let pending = false;
  let resolve: (() => void) | undefined;
  return {
    wake() {
      pending = true;
      resolve?.();
    },
    async wait() {
      if (!pending)
        await new Promise<void>((r) => {
          resolve = r;
        });
      pending = false;
      resolve = undefined;
    },
  };
}
