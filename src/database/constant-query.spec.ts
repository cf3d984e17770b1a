import { DatabaseError } from 'pg';
import type { DataSource } from 'typeorm';
import { constantQuery, prepareConstantStatements } from './constant-query';

/** A data source whose pool records what its connection is asked and how the connection is given back. */
function recordingDataSource(failure?: Error): { dataSource: DataSource; asked: unknown[]; released: unknown[] } {
  const asked: unknown[] = [];
  const released: unknown[] = [];
  const client = {
    query: async (...args: unknown[]) => {
      asked.push(args.length === 1 ? args[0] : { text: args[0], values: args[1] });
      if (failure) throw failure;
      return { rows: [{ one: 1 }] };
    },
    release: (error?: Error) => released.push(error),
  };
  const pool = { connect: async () => client };
  return { dataSource: { driver: { master: pool } } as unknown as DataSource, asked, released };
}

describe('constantQuery', () => {
  it('sends unnamed statements unless the data source allows preparing (the embedded PGlite)', async () => {
    const { dataSource, asked, released } = recordingDataSource();
    await expect(constantQuery(dataSource, 'SELECT $1', [1])).resolves.toEqual([{ one: 1 }]);
    expect(asked).toEqual([{ text: 'SELECT $1', values: [1] }]);
    expect(released).toEqual([undefined]);
  });

  it('prepares on a real server: one stable name per text, different texts never share a name', async () => {
    const { dataSource, asked } = recordingDataSource();
    prepareConstantStatements(dataSource);
    await constantQuery(dataSource, 'SELECT $1', [1]);
    await constantQuery(dataSource, 'SELECT $1', [2]);
    await constantQuery(dataSource, 'SELECT $1 + 1', [3]);
    const [first, again, other] = asked as { name: string; text: string; values: unknown[] }[];
    expect(first).toEqual({ name: expect.stringMatching(/^ah_[0-9a-f]{20}$/), text: 'SELECT $1', values: [1] });
    expect(again.name).toBe(first.name);
    expect(other.name).not.toBe(first.name);
  });

  it('keeps the connection after an error the server answered (a unique violation is an expected refusal)', async () => {
    const refusal = new DatabaseError('duplicate key value violates unique constraint', 0, 'error');
    const { dataSource, released } = recordingDataSource(refusal);
    await expect(constantQuery(dataSource, 'INSERT …', [])).rejects.toBe(refusal);
    expect(released).toEqual([undefined]);
  });

  it('gives up the connection after any other failure (it may be broken)', async () => {
    const lost = new Error('Connection terminated unexpectedly');
    const { dataSource, released } = recordingDataSource(lost);
    await expect(constantQuery(dataSource, 'SELECT 1', [])).rejects.toBe(lost);
    expect(released).toEqual([lost]);
  });
});
