import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, LessThan, Repository } from 'typeorm';
import { fetchPage } from '../common/dto/pagination';
import { constantQuery } from '../database/constant-query';
import { OrchestrationJob } from './entities/orchestration-job.entity';
import type { JobFilter, JobSortField } from './history-query.parser';

const SORT_COLUMN: Record<JobSortField, string> = {
  id: 'job.id',
  createdAt: 'job.createdAt',
  startedAt: 'job.startedAt',
  finishedAt: 'job.finishedAt',
};

// Serializes "queue unless already queued" everywhere, so that two triggers never both queue a job for one subscription.
const PUSH_QUEUE_LOCK_KEY = 5_117_002_062;

/** Every column, named as the entity's fields, for raw statements that answer whole jobs. */
const JOB_COLUMNS = `id, status, type, requester_system AS "requesterSystem", target_system AS "targetSystem",
  service_definition AS "serviceDefinition", subscription_id AS "subscriptionId", message, created_at AS "createdAt",
  started_at AS "startedAt", finished_at AS "finishedAt", lease_expires_at AS "leaseExpiresAt", claim_token AS "claimToken"`;

// The statements below are constant (arrays, not a VALUES list per size), so PostgreSQL plans each once per connection.

// One JSON parameter for the whole batch: JSON.stringify is native, where pg would quote and
// escape every element of ten arrays in JavaScript (dates through its own formatter), which cost
// the answering process ~10-20 µs per pull (issue 11). Keys are the entity's field names.
const INSERT_FINISHED = `
  INSERT INTO orchestration_job (id, status, type, requester_system, target_system, service_definition, subscription_id, message, created_at, started_at, finished_at, lease_expires_at)
  SELECT id, status, type, "requesterSystem", "targetSystem", "serviceDefinition", NULL, message, "createdAt", "startedAt", "finishedAt", NULL
  FROM json_to_recordset($1::json) AS job(id uuid, status varchar, type varchar, "requesterSystem" varchar, "targetSystem" varchar,
    "serviceDefinition" varchar, message text, "createdAt" timestamptz, "startedAt" timestamptz, "finishedAt" timestamptz)`;

// The notification is part of the insert's own transaction: listeners hear of the jobs only once
// they are committed, and never of jobs rolled back. Equal notifications of one transaction fold into one.
const INSERT_PENDING_PUSH = `
  WITH queued AS (
    INSERT INTO orchestration_job (id, status, type, requester_system, target_system, service_definition, subscription_id, created_at)
    SELECT id, 'PENDING', 'PUSH', requester_system, target_system, service_definition, subscription_id, created_at
    FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::uuid[], $6::timestamptz[])
      AS job(id, requester_system, target_system, service_definition, subscription_id, created_at)
    RETURNING id)
  SELECT pg_notify($7, '') FROM queued LIMIT 1`;

const ACTIVE_PUSH = `
  SELECT ${JOB_COLUMNS} FROM orchestration_job
   WHERE type = 'PUSH' AND status IN ('PENDING', 'IN_PROGRESS') AND subscription_id = ANY($1::uuid[])
   ORDER BY created_at`;

// SKIP LOCKED lets replicas claim side by side without ever taking the same job; every claim of a
// job gets a new token, so a replica that lost its lease can neither renew nor finish it.
const CLAIM_PUSH = `
  UPDATE orchestration_job
     SET status = 'IN_PROGRESS', started_at = now(), finished_at = NULL, claim_token = gen_random_uuid(),
         lease_expires_at = now() + make_interval(secs => $2::double precision / 1000)
   WHERE id IN (SELECT id FROM orchestration_job
                 WHERE type = 'PUSH' AND (status = 'PENDING' OR (status = 'IN_PROGRESS' AND lease_expires_at < now()))
                 ORDER BY created_at
                 LIMIT $1
                 FOR UPDATE SKIP LOCKED)
  RETURNING ${JOB_COLUMNS}`;

const RENEW_PUSH = `
  UPDATE orchestration_job SET lease_expires_at = now() + make_interval(secs => $3::double precision / 1000)
   WHERE id = $1 AND claim_token = $2 AND status = 'IN_PROGRESS'
  RETURNING id`;

const FINISH_PUSH = `
  UPDATE orchestration_job SET status = $3, message = $4, finished_at = now(), lease_expires_at = NULL, claim_token = NULL
   WHERE id = $1 AND claim_token = $2 AND status = 'IN_PROGRESS'
  RETURNING id`;

/** A job row as the repository hands it to other modules (push's queue), which do not import the entity. */
export type JobRecord = OrchestrationJob;

/**
 * The only code that reads or writes `orchestration_job` (pull records, the push queue, the
 * history). Push keeps its queue here through PushQueue; the cleaner removes old jobs through it.
 */
@Injectable()
export class OrchestrationJobRepository {
  constructor(@InjectRepository(OrchestrationJob) private readonly table: Repository<OrchestrationJob>) {}

  // Constant SQL and transactions run on the connection this table's repository is bound to.
  private get dataSource(): DataSource {
    return this.table.manager.connection;
  }

  /** Finished pull jobs in one multi-row insert (JobWriteBehind's batches). */
  async insertFinished(batch: OrchestrationJob[]): Promise<void> {
    await constantQuery(this.dataSource, INSERT_FINISHED, [JSON.stringify(batch)]);
  }

  /** One page of the history and the total number of matches. */
  history(filter: JobFilter): Promise<[OrchestrationJob[], number]> {
    const query = this.table.createQueryBuilder('job');
    if (filter.ids.length > 0) query.andWhere('job.id IN (:...ids)', { ids: filter.ids });
    if (filter.statuses.length > 0) query.andWhere('job.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.type !== undefined) query.andWhere('job.type = :type', { type: filter.type });
    if (filter.requesterSystems.length > 0) query.andWhere('job.requesterSystem IN (:...requesters)', { requesters: filter.requesterSystems });
    if (filter.targetSystems.length > 0) query.andWhere('job.targetSystem IN (:...targets)', { targets: filter.targetSystems });
    if (filter.serviceDefinitions.length > 0) {
      query.andWhere('job.serviceDefinition IN (:...definitions)', { definitions: filter.serviceDefinitions });
    }
    if (filter.subscriptionIds.length > 0) query.andWhere('job.subscriptionId IN (:...subscriptions)', { subscriptions: filter.subscriptionIds });
    return fetchPage(query, filter.page, SORT_COLUMN[filter.page.sortField], 'job.id');
  }

  /** Deletes DONE and ERROR jobs that finished before `cutoff`; returns how many. */
  async removeFinishedBefore(cutoff: Date): Promise<number> {
    const result = await this.table.delete({ status: In(['DONE', 'ERROR']), finishedAt: LessThan(cutoff) });
    return result.affected ?? 0;
  }

  /** Stores PENDING push jobs and, in the same transaction, notifies `channel`. */
  async queuePush(jobs: OrchestrationJob[], channel: string): Promise<void> {
    if (jobs.length > 0) await constantQuery(this.dataSource, INSERT_PENDING_PUSH, pushParameters(jobs, channel));
  }

  /**
   * Queues each of `candidates` (PENDING push jobs, one per subscription) unless its subscription
   * already has a job queued or running; answers those jobs first (oldest first), then the new ones.
   */
  queuePushUnlessActive(candidates: OrchestrationJob[], channel: string): Promise<OrchestrationJob[]> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [PUSH_QUEUE_LOCK_KEY]);
      const active: OrchestrationJob[] = await manager.query(ACTIVE_PUSH, [candidates.map((job) => job.subscriptionId)]);
      const busy = new Set(active.map((job) => job.subscriptionId));
      const created = candidates.filter((job) => !busy.has(job.subscriptionId));
      if (created.length > 0) await manager.query(INSERT_PENDING_PUSH, pushParameters(created, channel));
      return [...active, ...created];
    });
  }

  /**
   * Claims up to `limit` push jobs, oldest first: queued ones, and running ones whose lease ran
   * out (their replica died or lost touch), each for `leaseMs` under a new claim token.
   */
  async claimPush(limit: number, leaseMs: number): Promise<OrchestrationJob[]> {
    const claimed = await constantQuery<OrchestrationJob>(this.dataSource, CLAIM_PUSH, [limit, leaseMs]);
    return claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  /** Extends the lease of a claimed job; false when the claim no longer holds it. */
  async renewPush(job: OrchestrationJob, leaseMs: number): Promise<boolean> {
    return (await constantQuery(this.dataSource, RENEW_PUSH, [job.id, job.claimToken, leaseMs])).length === 1;
  }

  /** Ends a claimed job; false (and nothing changed) when the claim no longer holds it. */
  async finishPush(job: OrchestrationJob, status: 'DONE' | 'ERROR', message: string): Promise<boolean> {
    return (await constantQuery(this.dataSource, FINISH_PUSH, [job.id, job.claimToken, status, message])).length === 1;
  }
}

function pushParameters(jobs: OrchestrationJob[], channel: string): unknown[] {
  return [
    jobs.map((job) => job.id),
    jobs.map((job) => job.requesterSystem),
    jobs.map((job) => job.targetSystem),
    jobs.map((job) => job.serviceDefinition),
    jobs.map((job) => job.subscriptionId),
    jobs.map((job) => job.createdAt),
    channel,
  ];
}
