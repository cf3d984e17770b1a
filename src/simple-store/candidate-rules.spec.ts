import type { Repository } from 'typeorm';
import { testConfig } from '../../test/support/unit';
import { LiveLocks } from '../lock-management/live-locks';
import { CandidateRules, candidateStatements } from './candidate-rules';
import { OrchestrationStoreRule } from './entities/orchestration-store.entity';

const liveLocks = new LiveLocks({} as never);
const SELECT = 'SELECT r.service_instance_id AS "serviceInstanceId", r.service_definition AS "serviceDefinition" FROM orchestration_store r WHERE r.consumer = $1';
const ORDER = 'ORDER BY r.priority ASC, r.id ASC';

/** CandidateRules on a pool stub whose connection records what it is asked. */
function candidateRules(env: Record<string, string> = {}) {
  const query = jest.fn().mockResolvedValue({ rows: [{ serviceInstanceId: 'p|d|1.0.0', serviceDefinition: 'd' }] });
  const connection = { query, release: () => undefined };
  const table = { manager: { connection: { driver: { master: { connect: async () => connection } } } } } as unknown as Repository<OrchestrationStoreRule>;
  return { rules: new CandidateRules(table, liveLocks, testConfig(env)), query };
}

describe('candidateStatements: the SQL of a pull, fixed at start-up', () => {
  it('with locks: the lock module predicate on the candidate instance, owner $1, now last', () => {
    expect(candidateStatements(liveLocks)).toEqual({
      all: `${SELECT} AND ${liveLocks.notHeldByOthers('r.service_instance_id', '$1', '$2')} ${ORDER}`,
      forDefinition: `${SELECT} AND r.service_definition = $2 AND ${liveLocks.notHeldByOthers('r.service_instance_id', '$1', '$3')} ${ORDER}`,
    });
  });

  it('without locks: the store alone', () => {
    expect(candidateStatements(null)).toEqual({
      all: `${SELECT} ${ORDER}`,
      forDefinition: `${SELECT} AND r.service_definition = $2 ${ORDER}`,
    });
  });
});

describe('CandidateRules.find: one constant statement per pull', () => {
  it.each<[string, Record<string, string>, string | null, 'all' | 'forDefinition', number]>([
    ['all definitions, locks count', {}, null, 'all', 2],
    ['one definition, locks count', {}, 'd', 'forDefinition', 3],
    ['all definitions, locks ignored', { ORCH_LOCKS_AFFECT_PULL: 'false' }, null, 'all', 1],
    ['one definition, locks ignored', { ORCH_LOCKS_AFFECT_PULL: 'false' }, 'd', 'forDefinition', 2],
  ])('%s', async (_, env, definition, statement, valueCount) => {
    const { rules, query } = candidateRules(env);
    const locksCount = testConfig(env).orchestration.locksAffectPull;
    await expect(rules.find('Consumer', definition)).resolves.toEqual([{ serviceInstanceId: 'p|d|1.0.0', serviceDefinition: 'd' }]);
    await rules.find('Other', definition);
    expect(query).toHaveBeenCalledTimes(2);
    const [[firstText, firstValues], [secondText]] = query.mock.calls;
    expect(firstText).toBe(candidateStatements(locksCount ? liveLocks : null)[statement]);
    expect(secondText).toBe(firstText);
    expect(firstValues).toHaveLength(valueCount);
    expect(firstValues.slice(0, definition === null ? 1 : 2)).toEqual(definition === null ? ['Consumer'] : ['Consumer', 'd']);
    if (locksCount) expect(firstValues[valueCount - 1]).toBeInstanceOf(Date);
  });
});
