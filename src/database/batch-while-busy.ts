import DataLoader from 'dataloader';

export interface BatchWhileBusyOptions {
  /** Batches running at once; lookups that arrive while all are busy wait for the next batch. */
  maxInFlight: number;
  /** Keys per batch: bounds the size of one statement's parameters and of its answer. */
  maxBatchSize: number;
}

/**
 * A lookup that goes to the database alone when the database is idle and in batches when it is
 * busy: a key is sent at once if fewer than `maxInFlight` batches are running; otherwise it joins
 * the batch that is sent as soon as one of them returns. Nothing waits for a timer, so an idle
 * service answers as fast as with one query per lookup, and a loaded one makes one round trip for
 * every lookup that arrived during the previous one (issue 11: a pull's own query round trip,
 * mostly the kernel's work of the socket write, was the largest single cost of a pull).
 *
 * `load` answers the keys in their order; when it throws, every lookup of its batch fails with
 * that error and the next batch goes out as usual. Nothing is cached: every lookup reads afresh.
 */
export function batchWhileBusy<K, V>(load: (keys: readonly K[]) => Promise<V[]>, options: BatchWhileBusyOptions): (key: K) => Promise<V> {
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const loader = new DataLoader<K, V>(
    async (keys) => {
      try {
        return await load(keys);
      } finally {
        inFlight--;
        waiting.shift()?.();
      }
    },
    {
      cache: false,
      maxBatchSize: options.maxBatchSize,
      // Called once per new batch; the batch collects keys until `send` runs.
      batchScheduleFn: (send) => {
        if (inFlight < options.maxInFlight) {
          inFlight++;
          // process.nextTick still gathers the lookups started in the same turn of the event loop.
          process.nextTick(send);
        } else {
          waiting.push(() => {
            inFlight++;
            send();
          });
        }
      },
    },
  );
  return (key) => loader.load(key);
}
