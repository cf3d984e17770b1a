import type { Repository } from 'typeorm';
import { testConfig } from '../../test/support/unit';
import { LiveLocks } from '../lock-management/live-locks';
import { CandidateRules, candidateStatement } from './candidate-rules';
import { OrchestrationStoreRule } from './entities/orchestration-store.entity';

const liveLocks = new LiveLocks({} as never);

/** CandidateRules on a pool stub whose connection records what it is asked and answers `rows`. */
function candidateRules(env: Record<string, string> = {}, rows: unknown[] = []) {
  const query = jest.fn().mockResolvedValue({ rows });
  const connection = { query, release: () => undefined };
  const table = { manager: { connection: { driver: { master: { connect: async () => connection } } } } } as unknown as Repository<OrchestrationStoreRule>;
  return { rules: new CandidateRules(table, liveLocks, testConfig(env)), query };
}

describe('candidateStatement: the SQL of pulls, fixed at start-up', () => {
  it('with locks: the lock module predicate on the candidate instance, owner the lookup consumer, now $2', () => {
    const statement = candidateStatement(liveLocks);
    expect(statement).toContain(`AND ${liveLocks.notHeldByOthers('r.service_instance_id', 'lookup.consumer', '$2')}`);
    expect(statement).toContain('ORDER BY lookup.turn, rule.priority, rule.id');
  });

  it('without locks: the store alone', () => {
    expect(candidateStatement(null)).not.toContain('orchestration_lock');
    expect(candidateStatement(null)).not.toContain('$2');
  });
});

describe('CandidateRules.find', () => {
  it.each<[string, Record<string, string>, number]>([
    ['locks count: the lookups, now', {}, 2],
    ['locks ignored: the lookups', { ORCH_LOCKS_AFFECT_PULL: 'false' }, 1],
  ])('%s', async (_, env, valueCount) => {
    const { rules, query } = candidateRules(env, [{ turn: 1, serviceInstanceId: 'p|d|1.0.0', serviceDefinition: 'd' }]);
    await expect(rules.find({ consumer: 'Consumer', serviceDefinition: 'd' })).resolves.toEqual([{ serviceInstanceId: 'p|d|1.0.0', serviceDefinition: 'd' }]);
    const [[text, values]] = query.mock.calls;
    expect(text).toBe(candidateStatement(testConfig(env).orchestration.locksAffectPull ? liveLocks : null));
    expect(values).toHaveLength(valueCount);
    expect(JSON.parse(values[0])).toEqual([{ consumer: 'Consumer', definition: 'd', turn: 1 }]);
    if (valueCount === 2) expect(values[1]).toBeInstanceOf(Date);
  });

  it('lookups made together share one statement, and each gets its own rows in their order', async () => {
    const { rules, query } = candidateRules({}, [
      { turn: 1, serviceInstanceId: 'a1|d|1.0.0', serviceDefinition: 'd' },
      { turn: 1, serviceInstanceId: 'a2|e|1.0.0', serviceDefinition: 'e' },
      { turn: 3, serviceInstanceId: 'c1|d|1.0.0', serviceDefinition: 'd' },
    ]);
    const answers = await Promise.all([
      rules.find({ consumer: 'A', serviceDefinition: null }),
      rules.find({ consumer: 'B', serviceDefinition: 'd' }),
      rules.find({ consumer: 'C', serviceDefinition: 'd' }),
    ]);
    expect(query).toHaveBeenCalledTimes(1);
    expect(JSON.parse(query.mock.calls[0][1][0])).toEqual([
      { consumer: 'A', definition: null, turn: 1 },
      { consumer: 'B', definition: 'd', turn: 2 },
      { consumer: 'C', definition: 'd', turn: 3 },
    ]);
    expect(answers).toEqual([
      [{ serviceInstanceId: 'a1|d|1.0.0', serviceDefinition: 'd' }, { serviceInstanceId: 'a2|e|1.0.0', serviceDefinition: 'e' }],
      [],
      [{ serviceInstanceId: 'c1|d|1.0.0', serviceDefinition: 'd' }],
    ]);
  });
});
