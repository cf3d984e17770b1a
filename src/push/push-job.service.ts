import { forwardRef, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { OrchestrationJob } from '../orchestration/entities/orchestration-job.entity';
import { toOrchestrationJob } from '../orchestration/orchestration-job.mapper';
import { PushJobListResponseDto } from './dto/subscription.dto';
import { Subscription } from './entities/subscription.entity';
import { PushDispatcher } from './push-dispatcher.service';
import { TriggerSelection } from './subscription-request.parser';

// Serializes triggers everywhere, so that two of them never both queue a job for one subscription.
const TRIGGER_LOCK_KEY = 5_117_002_062;

/** The push job queue, kept in the database so that any replica may run a job (SPEC-management.md §2.4). */
@Injectable()
export class PushJobService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(forwardRef(() => PushDispatcher)) private readonly dispatcher: PushDispatcher,
  ) {}

  /** Queues a push of `subscription` requested by `requester` (subscribe with trigger=true). */
  async enqueue(requester: string, subscription: Subscription): Promise<OrchestrationJob> {
    const job = await this.insertPending(this.dataSource.manager, requester, subscription);
    this.dispatcher.wake();
    return job;
  }

  /** Push management trigger: reuses a job already queued or running for a subscription. */
  async trigger(requester: string, selection: TriggerSelection): Promise<PushJobListResponseDto> {
    const jobs = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [TRIGGER_LOCK_KEY]);
      const subscriptions = await manager.find(Subscription, {
        where:
          selection.subscriptionIds.length > 0
            ? { id: In(selection.subscriptionIds) }
            : selection.targetSystems.length > 0
              ? { targetSystem: In(selection.targetSystems) }
              : { ownerSystem: requester },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      if (subscriptions.length === 0) return [];
      const active = await manager.find(OrchestrationJob, {
        where: { type: 'PUSH', status: In(['PENDING', 'IN_PROGRESS']), subscriptionId: In(subscriptions.map((subscription) => subscription.id)) },
        order: { createdAt: 'ASC' },
      });
      const busy = new Set(active.map((job) => job.subscriptionId));
      const created: OrchestrationJob[] = [];
      for (const subscription of subscriptions.filter((candidate) => !busy.has(candidate.id))) {
        created.push(await this.insertPending(manager, requester, subscription));
      }
      return [...active, ...created];
    });
    if (jobs.length > 0) this.dispatcher.wake();
    return { jobs: jobs.map(toOrchestrationJob) };
  }

  private async insertPending(manager: EntityManager, requester: string, subscription: Subscription): Promise<OrchestrationJob> {
    const job = manager.create(OrchestrationJob, {
      id: randomUUID(),
      status: 'PENDING',
      type: 'PUSH',
      requesterSystem: requester,
      targetSystem: subscription.targetSystem,
      serviceDefinition: subscription.serviceDefinition,
      subscriptionId: subscription.id,
      message: null,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
      leaseExpiresAt: null,
      claimToken: null,
    });
    await manager.insert(OrchestrationJob, job);
    return job;
  }

  /**
   * Claims the oldest queued push job, or one whose lease ran out (its replica died or lost touch),
   * for `leaseMs` under a new claim token. SKIP LOCKED lets replicas claim side by side without
   * ever taking the same job.
   */
  async claimNext(leaseMs: number): Promise<OrchestrationJob | null> {
    const [rows] = await this.dataSource.query(
      `UPDATE orchestration_job
          SET status = 'IN_PROGRESS', started_at = now(), finished_at = NULL, claim_token = $2,
              lease_expires_at = now() + make_interval(secs => $1::double precision / 1000)
        WHERE id = (SELECT id FROM orchestration_job
                     WHERE type = 'PUSH' AND (status = 'PENDING' OR (status = 'IN_PROGRESS' AND lease_expires_at < now()))
                     ORDER BY created_at
                     LIMIT 1
                     FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [leaseMs, randomUUID()],
    );
    const claimed = (rows as { id: string }[] | undefined)?.[0];
    return claimed ? this.dataSource.getRepository(OrchestrationJob).findOneByOrFail({ id: claimed.id }) : null;
  }

  /** Extends the lease of a running job; false when the job is no longer this claim's (taken over). */
  async renew(job: OrchestrationJob, leaseMs: number): Promise<boolean> {
    const [, affected] = await this.dataSource.query(
      `UPDATE orchestration_job SET lease_expires_at = now() + make_interval(secs => $3::double precision / 1000)
        WHERE id = $1 AND claim_token = $2 AND status = 'IN_PROGRESS'`,
      [job.id, job.claimToken, leaseMs],
    );
    return affected === 1;
  }

  findSubscription(id: string): Promise<Subscription | null> {
    return this.dataSource.getRepository(Subscription).findOneBy({ id });
  }

  /**
   * Ends a claimed job, if the claim still holds it; false (and nothing changed) when another
   * replica has taken the job over since: its outcome is the one that counts.
   */
  async finish(job: OrchestrationJob, status: 'DONE' | 'ERROR', message: string): Promise<boolean> {
    const [, affected] = await this.dataSource.query(
      `UPDATE orchestration_job SET status = $3, message = $4, finished_at = now(), lease_expires_at = NULL, claim_token = NULL
        WHERE id = $1 AND claim_token = $2 AND status = 'IN_PROGRESS'`,
      [job.id, job.claimToken, status, message],
    );
    return affected === 1;
  }
}
