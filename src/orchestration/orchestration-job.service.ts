import { Injectable } from '@nestjs/common';
import { fetchPage } from '../common/dto/pagination';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, LessThan } from 'typeorm';
import { HistoryResponseDto } from './dto/history.dto';
import { OrchestrationJob } from './entities/orchestration-job.entity';
import { JobWriteBehind } from './job-write-behind';
import { JobFilter, JobSortField } from './history-query.parser';
import { toOrchestrationJob } from './orchestration-job.mapper';

const SORT_COLUMN: Record<JobSortField, string> = {
  id: 'job.id',
  createdAt: 'job.createdAt',
  startedAt: 'job.startedAt',
  finishedAt: 'job.finishedAt',
};

/** Orchestration job records: their lifecycle (SPEC-orchestration.md §5) and the history query. */
@Injectable()
export class OrchestrationJobService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writeBehind: JobWriteBehind,
  ) {}

  private get jobs() {
    return this.dataSource.getRepository(OrchestrationJob);
  }

  /**
   * Records a finished pull: created PENDING and taken IN_PROGRESS at `started`, ended now with
   * `status` and `message`. Only the final state is written, behind the answer (JobWriteBehind).
   */
  recordPull(requester: string, serviceDefinition: string | null, started: Date, status: 'DONE' | 'ERROR', message: string): Promise<void> {
    const job: OrchestrationJob = {
      id: randomUUID(),
      status,
      type: 'PULL',
      requesterSystem: requester,
      targetSystem: requester,
      serviceDefinition,
      subscriptionId: null,
      message,
      createdAt: started,
      startedAt: started,
      finishedAt: new Date(),
      leaseExpiresAt: null,
      claimToken: null,
    };
    return this.writeBehind.record(job);
  }

  async query(filter: JobFilter): Promise<HistoryResponseDto> {
    // Every pull this replica answered is in the database before we read it.
    await this.writeBehind.flush();
    const query = this.jobs.createQueryBuilder('job');
    if (filter.ids.length > 0) query.andWhere('job.id IN (:...ids)', { ids: filter.ids });
    if (filter.statuses.length > 0) query.andWhere('job.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.type !== undefined) query.andWhere('job.type = :type', { type: filter.type });
    if (filter.requesterSystems.length > 0) query.andWhere('job.requesterSystem IN (:...requesters)', { requesters: filter.requesterSystems });
    if (filter.targetSystems.length > 0) query.andWhere('job.targetSystem IN (:...targets)', { targets: filter.targetSystems });
    if (filter.serviceDefinitions.length > 0) {
      query.andWhere('job.serviceDefinition IN (:...definitions)', { definitions: filter.serviceDefinitions });
    }
    if (filter.subscriptionIds.length > 0) query.andWhere('job.subscriptionId IN (:...subscriptions)', { subscriptions: filter.subscriptionIds });
    const [jobs, count] = await fetchPage(query, filter.page, SORT_COLUMN[filter.page.sortField], 'job.id');
    return { entries: jobs.map(toOrchestrationJob), count };
  }

  /** Deletes DONE and ERROR jobs that finished before `cutoff`; returns how many. */
  async removeFinishedBefore(cutoff: Date): Promise<number> {
    const result = await this.jobs.delete({ status: In(['DONE', 'ERROR']), finishedAt: LessThan(cutoff) });
    return result.affected ?? 0;
  }
}
