import { Injectable } from '@nestjs/common';
import { fetchPage } from '../common/dto/pagination';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, LessThan } from 'typeorm';
import { HistoryQueryRequestDto, HistoryResponseDto } from './dto/history.dto';
import { JobType, OrchestrationJob } from './entities/orchestration-job.entity';
import { HistoryValidator, JobSortField } from './history.validator';
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
    private readonly validator: HistoryValidator,
  ) {}

  private get jobs() {
    return this.dataSource.getRepository(OrchestrationJob);
  }

  /**
   * Records a job that starts at once (a pull): created PENDING and taken IN_PROGRESS in the same
   * instant, so one insert stands for both steps.
   */
  async start(type: JobType, requesterSystem: string, targetSystem: string, serviceDefinition: string | null): Promise<OrchestrationJob> {
    const now = new Date();
    const job = this.jobs.create({
      id: randomUUID(),
      status: 'IN_PROGRESS',
      type,
      requesterSystem,
      targetSystem,
      serviceDefinition,
      subscriptionId: null,
      message: null,
      createdAt: now,
      startedAt: now,
      finishedAt: null,
      leaseExpiresAt: null,
    });
    await this.jobs.insert(job);
    return job;
  }

  async finish(job: OrchestrationJob, resultCount: number): Promise<void> {
    await this.end(job, 'DONE', `${resultCount} local result(s)`);
  }

  async fail(job: OrchestrationJob, message: string): Promise<void> {
    await this.end(job, 'ERROR', message);
  }

  private async end(job: OrchestrationJob, status: 'DONE' | 'ERROR', message: string): Promise<void> {
    Object.assign(job, { status, message, finishedAt: new Date() });
    await this.jobs.update({ id: job.id }, { status, message: job.message, finishedAt: job.finishedAt });
  }

  async query(request: HistoryQueryRequestDto | null): Promise<HistoryResponseDto> {
    const filter = this.validator.validateQuery(request);
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
