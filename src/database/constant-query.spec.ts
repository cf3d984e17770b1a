import type { DataSource } from 'typeorm';
import { constantQuery, prepareConstantStatements } from './constant-query';

/** A data source whose pool records what it is asked. */
function recordingDataSource(): { dataSource: DataSource; asked: unknown[] } {
  const asked: unknown[] = [];
  const pool = {
    query: async (...args: unknown[]) => {
      asked.push(args.length === 1 ? args[0] : { text: args[0], values: args[1] });
      return { rows: [{ one: 1 }] };
    },
  };
  return { dataSource: { driver: { master: pool } } as unknown as DataSource, asked };
}

describe('constantQuery', () => {
  it('sends unnamed statements unless the data source allows preparing (the embedded PGlite)', async () => {
    const { dataSource, asked } = recordingDataSource();
    await expect(constantQuery(dataSource, 'SELECT $1', [1])).resolves.toEqual([{ one: 1 }]);
    expect(asked).toEqual([{ text: 'SELECT $1', values: [1] }]);
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
});
