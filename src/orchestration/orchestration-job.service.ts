import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { HistoryResponseDto } from './dto/history.dto';
import { OrchestrationJob } from './entities/orchestration-job.entity';
import { JobFilter } from './history-query.parser';
import { JobWriteBehind } from './job-write-behind';
import { toOrchestrationJob } from './orchestration-job.mapper';
import { OrchestrationJobRepository } from './orchestration-job.repository';

/** Orchestration job records: their lifecycle (SPEC-orchestration.md §5) and the history query. */
@Injectable()
export class OrchestrationJobService {
  constructor(
    private readonly jobs: OrchestrationJobRepository,
    private readonly writeBehind: JobWriteBehind,
  ) {}

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
    const [jobs, count] = await this.jobs.history(filter);
    return { entries: jobs.map(toOrchestrationJob), count };
  }

  /** Deletes DONE and ERROR jobs that finished before `cutoff`; returns how many. */
  removeFinishedBefore(cutoff: Date): Promise<number> {
    return this.jobs.removeFinishedBefore(cutoff);
  }
}
