import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { OrchestrationLock } from './entities/orchestration-lock.entity';

/**
 * What other modules may know about live locks (a lock counts until its expiry time,
 * SPEC-locks.md §2.2), without reading `orchestration_lock` themselves.
 */
@Injectable()
export class LiveLocks {
  constructor(@InjectRepository(OrchestrationLock) private readonly locks: Repository<OrchestrationLock>) {}

  /**
   * A predicate for another module's constant SQL: true when no one but `requester` holds a live
   * lock on the instance in `instanceColumn` (SPEC-locks.md §5.3). The arguments are SQL
   * expressions (a column, `$1`); the text is fixed, so a statement built from it once stays
   * constant and uses the unique index on the instance id.
   */
  notHeldByOthers(instanceColumn: string, requester: string, now: string): string {
    return `NOT EXISTS (SELECT 1 FROM orchestration_lock l WHERE l.service_instance_id = ${instanceColumn} AND l.expires_at >= ${now} AND l.owner <> ${requester})`;
  }

  /** How many locks have not expired, by the database's clock. */
  async count(): Promise<number> {
    const [row]: { count: number }[] = await this.locks.query('SELECT count(*)::int AS count FROM orchestration_lock WHERE expires_at >= now()');
    return row.count;
  }
}
