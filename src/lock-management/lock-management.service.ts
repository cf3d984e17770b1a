import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, LessThan, Repository } from 'typeorm';
import { isUniqueViolation } from '../common/database/postgres-errors';
import { constantQuery } from '../database/constant-query';
import { fetchPage } from '../common/dto/pagination';
import { ArrowheadException } from '../common/arrowhead/arrowhead.exception';
import { LockListResponseDto } from './dto/lock.dto';
import { OrchestrationLock } from './entities/orchestration-lock.entity';
import { toLockListResponse } from './lock.mapper';
import { LockFilter, LockRemoval, LockSortField, NewLock } from './lock-request.parser';

const CREATE_ATTEMPTS = 3;

interface LockRow {
  id: string;
  orchestration_job_id: string | null;
  service_instance_id: string;
  owner: string;
  expires_at: Date;
  temporary: boolean;
}

/** A granted lock, or (`granted` false, only the instance set) a live lock that refused the request. */
interface GrantRow extends LockRow {
  granted: boolean;
}

const alreadyLocked = (instanceIds: string[]) => ArrowheadException.invalidParameter(`Already locked: ${instanceIds.join(', ')}`);

const toLock = (row: LockRow): OrchestrationLock => ({
  id: String(row.id),
  orchestrationJobId: row.orchestration_job_id,
  serviceInstanceId: row.service_instance_id,
  owner: row.owner,
  expiresAt: row.expires_at,
  temporary: row.temporary,
});

// Deletes the expired locks of the requested instances and, unless one of them holds a live lock,
// inserts all the new ones; the rows that come back are either the granted locks or, when a live
// lock refused the request, those live locks (`granted` false), read in the same snapshot that
// decided: one round trip either way. Reading `expired` in the insert makes the delete run first;
// a row this statement deleted no longer conflicts in the unique index.
const GRANT = `
  WITH requested AS (
    SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[]) WITH ORDINALITY AS r(service_instance_id, owner, expires_at, position)
  ), expired AS (
    DELETE FROM orchestration_lock l USING requested r
    WHERE l.service_instance_id = r.service_instance_id AND l.expires_at < $4
    RETURNING l.id
  ), live AS (
    SELECT l.service_instance_id FROM orchestration_lock l JOIN requested q USING (service_instance_id) WHERE l.expires_at >= $4
  ), granted AS (
    INSERT INTO orchestration_lock (service_instance_id, owner, expires_at, orchestration_job_id, temporary)
    SELECT r.service_instance_id, r.owner, r.expires_at, NULL, false FROM requested r
    WHERE (SELECT count(*) FROM expired) >= 0 AND NOT EXISTS (SELECT 1 FROM live)
    ORDER BY r.position
    RETURNING id, orchestration_job_id, service_instance_id, owner, expires_at, temporary
  )
  SELECT true AS granted, id, orchestration_job_id, service_instance_id, owner, expires_at, temporary FROM granted
  UNION ALL
  SELECT false, NULL::bigint, NULL::uuid, service_instance_id, NULL::varchar, NULL::timestamptz, NULL::boolean FROM live`;

const SORT_COLUMN: Record<LockSortField, string> = {
  id: 'lock.id',
  owner: 'lock.owner',
  serviceInstanceId: 'lock.serviceInstanceId',
  expiresAt: 'lock.expiresAt',
};

/** serviceOrchestrationLockManagement (SPEC-locks.md): create, query, remove, and expiry cleanup. */
@Injectable()
export class LockManagementService {
  constructor(@InjectRepository(OrchestrationLock) private readonly lockTable: Repository<OrchestrationLock>) {}

  async create(locks: NewLock[]): Promise<LockListResponseDto> {
    for (let attempt = 1; ; attempt++) {
      try {
        return toLockListResponse(await this.grant(locks));
      } catch (error) {
        // A concurrent create committed a lock for one of these instances after our snapshot: the
        // unique index refused ours. Check again, now that the winner's lock is visible.
        if (!isUniqueViolation(error)) throw error;
        if (attempt === CREATE_ATTEMPTS) throw alreadyLocked(locks.map((lock) => lock.serviceInstanceId));
      }
    }
  }

  /**
   * All or nothing, in one statement (one round trip, one commit): an expired lock no longer
   * counts and is replaced (SPEC-locks.md §2.2 Follow), a live one refuses the whole request.
   */
  private async grant(locks: NewLock[]): Promise<OrchestrationLock[]> {
    const instanceIds = locks.map((lock) => lock.serviceInstanceId);
    const rows = await constantQuery<GrantRow>(this.lockTable.manager.connection, GRANT, [
      instanceIds,
      locks.map((lock) => lock.owner),
      locks.map((lock) => lock.expiresAt),
      new Date(),
    ]);
    if (rows.length > 0 && !rows[0].granted) {
      const locked = new Set(rows.map((row) => row.service_instance_id));
      throw alreadyLocked(instanceIds.filter((id) => locked.has(id)));
    }
    // Ids come from one sequence in insertion (= request) order.
    return rows.map(toLock).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  async query(filter: LockFilter): Promise<LockListResponseDto> {
    const [locks, count] = await fetchPage(this.buildQuery(filter), filter.page, SORT_COLUMN[filter.page.sortField], 'lock.id');
    return toLockListResponse(locks, count);
  }

  private buildQuery(filter: LockFilter) {
    const query = this.lockTable.createQueryBuilder('lock');
    if (filter.ids.length > 0) {
      query.andWhere('lock.id IN (:...ids)', { ids: filter.ids });
    }
    if (filter.orchestrationJobIds.length > 0) {
      // Reference quirk (SPEC-locks.md §3): when ids are the base filter, job ids only narrow
      // down the locks that have a job id; manual locks pass.
      query.andWhere(
        new Brackets((where) => {
          where.where('lock.orchestrationJobId IN (:...jobIds)', { jobIds: filter.orchestrationJobIds });
          if (filter.ids.length > 0) where.orWhere('lock.orchestrationJobId IS NULL');
        }),
      );
    }
    if (filter.serviceInstanceIds.length > 0) {
      query.andWhere('lock.serviceInstanceId IN (:...instanceIds)', { instanceIds: filter.serviceInstanceIds });
    }
    if (filter.owners.length > 0) {
      query.andWhere('lock.owner IN (:...owners)', { owners: filter.owners });
    }
    if (filter.expiresBefore) {
      query.andWhere('lock.expiresAt < :before', { before: filter.expiresBefore });
    }
    if (filter.expiresAfter) {
      query.andWhere('lock.expiresAt > :after', { after: filter.expiresAfter });
    }
    return query;
  }

  async remove(request: LockRemoval): Promise<void> {
    await this.lockTable.delete({
      owner: request.owner,
      serviceInstanceId: In(request.serviceInstanceIds),
      temporary: false,
    });
  }

  /** Removes every expired lock; returns how many. */
  async removeExpired(now = new Date()): Promise<number> {
    const result = await this.lockTable.delete({ expiresAt: LessThan(now) });
    return result.affected ?? 0;
  }
}
