import { batchWhileBusy } from './batch-while-busy';

/** A load function whose batches the test answers by hand, recording what each was asked. */
function controlledLoad() {
  const batches: { keys: readonly number[]; answer: () => void; refuse: (error: Error) => void }[] = [];
  const load = (keys: readonly number[]) =>
    new Promise<string[]>((done, fail) => batches.push({ keys, answer: () => done(keys.map((key) => `v${key}`)), refuse: fail }));
  return { load, batches };
}

const settle = () => new Promise((done) => setImmediate(done));

describe('batchWhileBusy: alone when idle, together when busy', () => {
  it('sends a lookup at once when nothing is running, and answers it', async () => {
    const { load, batches } = controlledLoad();
    const find = batchWhileBusy(load, { maxInFlight: 2, maxBatchSize: 10 });
    const answer = find(1);
    await settle();
    expect(batches.map((batch) => batch.keys)).toEqual([[1]]);
    batches[0].answer();
    await expect(answer).resolves.toBe('v1');
  });

  it('gathers lookups that wait for a free slot into one batch, each answered with its own value', async () => {
    const { load, batches } = controlledLoad();
    const find = batchWhileBusy(load, { maxInFlight: 1, maxBatchSize: 10 });
    const first = find(1);
    await settle();
    const waiting = [2, 3, 4].map((key) => find(key));
    await settle();
    expect(batches.map((batch) => batch.keys)).toEqual([[1]]);

    batches[0].answer();
    await settle();
    expect(batches.map((batch) => batch.keys)).toEqual([[1], [2, 3, 4]]);
    batches[1].answer();
    await expect(first).resolves.toBe('v1');
    await expect(Promise.all(waiting)).resolves.toEqual(['v2', 'v3', 'v4']);
  });

  it('never runs more than maxInFlight batches, even when one turn fills several', async () => {
    const { load, batches } = controlledLoad();
    const find = batchWhileBusy(load, { maxInFlight: 2, maxBatchSize: 2 });
    const answers = [1, 2, 3, 4, 5, 6, 7].map((key) => find(key));
    await settle();
    expect(batches.map((batch) => batch.keys)).toEqual([[1, 2], [3, 4]]);
    batches[0].answer();
    await settle();
    expect(batches).toHaveLength(3);
    batches[1].answer();
    batches[2].answer();
    await settle();
    expect(batches.map((batch) => batch.keys)).toEqual([[1, 2], [3, 4], [5, 6], [7]]);
    batches[3].answer();
    await expect(Promise.all(answers)).resolves.toEqual(['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7']);
  });

  it('fails every lookup of a refused batch with its error, and the next batch still goes out', async () => {
    const { load, batches } = controlledLoad();
    const find = batchWhileBusy(load, { maxInFlight: 1, maxBatchSize: 10 });
    const first = find(1);
    await settle();
    const refused = [find(2), find(3)];
    await settle();
    batches[0].answer();
    await settle();
    const after = find(4);
    batches[1].refuse(new Error('connection lost'));
    for (const lookup of refused) await expect(lookup).rejects.toThrow('connection lost');
    await expect(first).resolves.toBe('v1');
    await settle();
    expect(batches[2].keys).toEqual([4]);
    batches[2].answer();
    await expect(after).resolves.toBe('v4');
  });

  it('reads afresh every time: the same key twice is asked twice', async () => {
    const load = jest.fn(async (keys: readonly number[]) => keys.map((key) => `v${key}`));
    const find = batchWhileBusy(load, { maxInFlight: 1, maxBatchSize: 10 });
    await find(1);
    await find(1);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
