import "server-only";

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: what is added while a write is in flight goes out together in the next one.
 * Under load N records cost one statement instead of N; a lone record still goes out on the
 * next turn of the event loop. Each caller's promise settles when its own item is written.
 * A batch that fails is retried item by item, so one bad item can't lose the others.
 */
export function groupCommit<T>(write: (items: T[]) => Promise<void>, maxBatch = 256): (item: T) => Promise<void> {
  const queue: Array<Pending<T>> = [];
  let active = false;

  const writeEach = async (batch: Array<Pending<T>>) => {
    for (const pending of batch) {
      try {
        await write([pending.item]);
        pending.resolve();
      } catch (error) {
        pending.reject(error);
      }
    }
  };

  const flush = async () => {
    try {
      while (queue.length) {
        const batch = queue.splice(0, maxBatch);
        try {
          await write(batch.map((p) => p.item));
          for (const pending of batch) pending.resolve();
        } catch (error) {
          if (batch.length === 1) batch[0]!.reject(error);
          else await writeEach(batch);
        }
      }
    } finally {
      active = false;
    }
  };

  return (item) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!active) {
        active = true;
        setImmediate(() => void flush());
      }
    });
}
