import { QueryFailedError } from 'typeorm';
import { isUniqueViolation } from './postgres-errors';

describe('isUniqueViolation', () => {
  const driverError = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });

  it.each([
    ['wrapped by TypeORM', new QueryFailedError('INSERT …', [], driverError), true],
    ['bare from the pg pool (constant statements)', driverError, true],
    ['another PostgreSQL error', Object.assign(new Error('deadlock'), { code: '40P01' }), false],
    ['not an error object', null, false],
  ])('%s', (_, error, expected) => {
    expect(isUniqueViolation(error)).toBe(expected);
  });
});
