import type { Repository } from 'typeorm';
import { OrchestrationLock } from './entities/orchestration-lock.entity';
import { LiveLocks } from './live-locks';

describe('LiveLocks', () => {
  it('the predicate other modules compose: a NOT EXISTS on the instance, live by expiry, held by someone else', () => {
    expect(new LiveLocks({} as Repository<OrchestrationLock>).notHeldByOthers('x.instance', '$7', '$8')).toBe(
      'NOT EXISTS (SELECT 1 FROM orchestration_lock l WHERE l.service_instance_id = x.instance AND l.expires_at >= $8 AND l.owner <> $7)',
    );
  });

  it('counts the locks that are live by the database clock', async () => {
    const query = jest.fn().mockResolvedValue([{ count: 3 }]);
    await expect(new LiveLocks({ query } as unknown as Repository<OrchestrationLock>).count()).resolves.toBe(3);
    expect(query).toHaveBeenCalledWith('SELECT count(*)::int AS count FROM orchestration_lock WHERE expires_at >= now()');
  });
});
