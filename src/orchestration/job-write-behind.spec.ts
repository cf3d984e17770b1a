import { Logger } from '@nestjs/common';
import { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { OrchestrationJob } from './entities/orchestration-job.entity';
import { JobWriteBehind } from './job-write-behind';
import { OrchestrationJobRepository } from './orchestration-job.repository';

function job(id: string, status: 'DONE' | 'ERROR' = 'DONE'): OrchestrationJob {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    id,
    status,
    type: 'PULL',
    requesterSystem: 'Consumer',
    targetSystem: 'Consumer',
    serviceDefinition: null,
    subscriptionId: null,
    message: status === 'DONE' ? '0 local result(s)' : 'boom',
    createdAt: at,
    startedAt: at,
    finishedAt: at,
    leaseExpiresAt: null,
    claimToken: null,
  };
}

/** The rows of each INSERT, in order (the batch is one JSON parameter). */
function writtenRows(query: jest.Mock): Record<string, unknown>[][] {
  return query.mock.calls.map(([, parameters]) => JSON.parse(parameters[0]));
}

/** The ids written by each INSERT, in order. */
function writtenBatches(query: jest.Mock): string[][] {
  return writtenRows(query).map((rows) => rows.map((row) => row.id as string));
}

/** Lets pending promise callbacks run (no timers involved). */
const settle = () => new Promise((done) => setImmediate(done));

describe('JobWriteBehind', () => {
  let query: jest.Mock;
  let failures: jest.Mock;
  let writeBehind: JobWriteBehind;

  function create(bufferSize = 100): JobWriteBehind {
    const config = { orchestration: { jobFlushIntervalMs: 50, jobBufferSize: bufferSize } } as AppConfig;
    // The repository's pool, as constantQuery asks for a connection.
    const pool = { connect: async () => ({ query, release: () => undefined }) };
    const table = { manager: { connection: { driver: { master: pool } } } } as unknown as Repository<OrchestrationJob>;
    return new JobWriteBehind(new OrchestrationJobRepository(table), { recordJobFlushFailure: failures } as unknown as MetricsService, config);
  }

  beforeEach(() => {
    query = jest.fn().mockResolvedValue([]);
    failures = jest.fn();
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    await writeBehind?.beforeApplicationShutdown();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('writes buffered jobs in one multi-row insert on each flush interval', async () => {
    jest.useFakeTimers();
    writeBehind = create();
    writeBehind.onModuleInit();
    await writeBehind.record(job('a'));
    await writeBehind.record(job('b', 'ERROR'));
    expect(query).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(50);
    expect(writtenBatches(query)).toEqual([['a', 'b']]);
    const [sql, parameters] = query.mock.calls[0];
    expect(sql).toMatch(/^\s*INSERT INTO orchestration_job .* FROM json_to_recordset\(\$1::json\)/s);
    expect(parameters).toHaveLength(1);
    const at = '2026-01-01T00:00:00.000Z';
    const row = { type: 'PULL', requesterSystem: 'Consumer', targetSystem: 'Consumer', serviceDefinition: null, createdAt: at, startedAt: at, finishedAt: at };
    expect(writtenRows(query)[0]).toEqual([
      expect.objectContaining({ ...row, id: 'a', status: 'DONE', message: '0 local result(s)' }),
      expect.objectContaining({ ...row, id: 'b', status: 'ERROR', message: 'boom' }),
    ]);
    expect(writeBehind.pending).toBe(0);
    await jest.advanceTimersByTimeAsync(50);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('writes everything left at shutdown, and writes at once afterwards', async () => {
    writeBehind = create();
    writeBehind.onModuleInit();
    await writeBehind.record(job('a'));
    await writeBehind.record(job('b'));
    await writeBehind.beforeApplicationShutdown();
    expect(writtenBatches(query)).toEqual([['a', 'b']]);
    await writeBehind.record(job('late'));
    expect(writtenBatches(query)).toEqual([['a', 'b'], ['late']]);
  });

  it('flush on demand writes what was recorded before it (what a history query relies on)', async () => {
    writeBehind = create();
    await writeBehind.record(job('a'));
    await writeBehind.flush();
    expect(writtenBatches(query)).toEqual([['a']]);
    expect(writeBehind.pending).toBe(0);
  });

  it('holds a pull back while the buffer is full, until a flush makes room', async () => {
    writeBehind = create(2);
    await writeBehind.record(job('a'));
    await writeBehind.record(job('b'));
    let thirdBuffered = false;
    const third = writeBehind.record(job('c')).then(() => (thirdBuffered = true));
    await settle();
    expect(thirdBuffered).toBe(false);
    expect(writeBehind.pending).toBe(2);
    await writeBehind.flush();
    await third;
    expect(writeBehind.pending).toBe(1);
    await writeBehind.flush();
    expect(writtenBatches(query)).toEqual([['a', 'b'], ['c']]);
  });

  it('keeps the rows of a failed flush, counts and logs the failure, and writes them on the next attempt', async () => {
    writeBehind = create();
    query.mockRejectedValueOnce(new Error('connection lost'));
    await writeBehind.record(job('a'));
    await expect(writeBehind.flush()).resolves.toBeUndefined();
    expect(failures).toHaveBeenCalledTimes(1);
    expect(Logger.prototype.error).toHaveBeenCalledWith(expect.stringContaining('connection lost'));
    expect(writeBehind.pending).toBe(1);
    await writeBehind.record(job('b'));
    await writeBehind.flush();
    expect(writtenBatches(query)).toEqual([['a'], ['a', 'b']]);
    expect(writeBehind.pending).toBe(0);
    expect(failures).toHaveBeenCalledTimes(1);
  });

  it('counts every failed attempt of an outage but logs it once, not at every retry', async () => {
    writeBehind = create();
    query.mockRejectedValue(new Error('database down'));
    await writeBehind.record(job('a'));
    for (let attempt = 0; attempt < 5; attempt++) await writeBehind.flush();
    expect(failures).toHaveBeenCalledTimes(5);
    expect(Logger.prototype.error).toHaveBeenCalledTimes(1);
    query.mockResolvedValue([]);
    await writeBehind.flush();
    expect(writeBehind.pending).toBe(0);
  });

  it('splits a large buffer into batches of at most 1000 rows', async () => {
    writeBehind = create(5000);
    for (let index = 0; index < 2500; index++) await writeBehind.record(job(`j${index}`));
    await writeBehind.flush();
    expect(writtenBatches(query).map((batch) => batch.length)).toEqual([1000, 1000, 500]);
  });
});
