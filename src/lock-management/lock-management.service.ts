import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, LessThan } from 'typeorm';
import { isUniqueViolation } from '../common/database/postgres-errors';
import { fetchPage } from '../common/dto/pagination';
import { ArrowheadException } from '../common/arrowhead/arrowhead.exception';
import { LockListRequestDto, LockListResponseDto, LockQueryRequestDto } from './dto/lock.dto';
import { OrchestrationLock } from './entities/orchestration-lock.entity';
import { toLockListResponse } from './lock.mapper';
import { LockFilter, LockManagementValidator, LockSortField, NewLock } from './lock-management.validator';

const CREATE_ATTEMPTS = 3;

const SORT_COLUMN: Record<LockSortField, string> = {
  id: 'lock.id',
  owner: 'lock.owner',
  serviceInstanceId: 'lock.serviceInstanceId',
  expiresAt: 'lock.expiresAt',
};

/** serviceOrchestrationLockManagement (SPEC-locks.md): create, query, remove, and expiry cleanup. */
@Injectable()
export class LockManagementService {
  private readonly logger = new Logger(LockManagementService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly validator: LockManagementValidator,
  ) {}

  async create(request: LockListRequestDto | null): Promise<LockListResponseDto> {
    const locks = this.validator.validateCreate(request, new Date());
    for (let attempt = 1; ; attempt++) {
      try {
        return toLockListResponse(await this.dataSource.transaction((manager) => this.grant(manager, locks)));
      } catch (error) {
        // A concurrent create committed a lock for one of these instances after our check: the
        // unique index refused ours. Check again, now that the winner's lock is visible.
        if (!isUniqueViolation(error)) throw error;
        if (attempt === CREATE_ATTEMPTS) {
          throw ArrowheadException.invalidParameter(`Already locked: ${locks.map((lock) => lock.serviceInstanceId).join(', ')}`);
        }
      }
    }
  }

  /** All or nothing: an expired lock no longer counts (SPEC-locks.md §2.2 Follow), a live one refuses the request. */
  private async grant(manager: EntityManager, locks: NewLock[]): Promise<OrchestrationLock[]> {
    const instanceIds = locks.map((lock) => lock.serviceInstanceId);
    await manager.delete(OrchestrationLock, { serviceInstanceId: In(instanceIds), expiresAt: LessThan(new Date()) });
    const existing = await manager.find(OrchestrationLock, { where: { serviceInstanceId: In(instanceIds) } });
    if (existing.length > 0) {
      const locked = new Set(existing.map((lock) => lock.serviceInstanceId));
      throw ArrowheadException.invalidParameter(`Already locked: ${instanceIds.filter((id) => locked.has(id)).join(', ')}`);
    }
    const created = manager.create(
      OrchestrationLock,
      locks.map((lock) => ({ ...lock, orchestrationJobId: null, temporary: false })),
    );
    return manager.save(created);
  }

  async query(request: LockQueryRequestDto | null): Promise<LockListResponseDto> {
    const filter = this.validator.validateQuery(request);
    const [locks, count] = await fetchPage(this.buildQuery(filter), filter.page, SORT_COLUMN[filter.page.sortField], 'lock.id');
    return toLockListResponse(locks, count);
  }

  private buildQuery(filter: LockFilter) {
    const query = this.dataSource.getRepository(OrchestrationLock).createQueryBuilder('lock');
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

  async remove(owner: string | undefined, instanceIds: unknown[] | undefined): Promise<void> {
    const request = this.validator.validateRemove(owner, instanceIds);
    await this.dataSource.getRepository(OrchestrationLock).delete({
      owner: request.owner,
      serviceInstanceId: In(request.serviceInstanceIds),
      temporary: false,
    });
  }

  /** Removes every expired lock; returns how many. */
  async removeExpired(now = new Date()): Promise<number> {
    const result = await this.dataSource.getRepository(OrchestrationLock).delete({ expiresAt: LessThan(now) });
    return result.affected ?? 0;
  }
}
