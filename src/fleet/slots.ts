/** A counting semaphore: at most `size` holders at once, the rest wait in order. */
export interface Slots {
  acquire(): Promise<void>;
  release(): void;
  readonly busy: number;
}

export function slots(size: number): Slots {
  let busy = 0;
  const waiting: (() => void)[] = [];
  return {
    acquire() {
      if (busy < size) {
        busy++;
        return Promise.resolve();
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else busy--;
    },
    get busy() {
      return busy;
    },
  };
}
