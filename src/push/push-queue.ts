import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { JobRecord, OrchestrationJobRepository } from '../orchestration/orchestration-job.repository';
import { Subscription } from './entities/subscription.entity';
import { PushWakeUp } from './push-wake-up';

/** The PostgreSQL notification channel an enqueue notifies (in its transaction) and PushListener listens on. */
export const PUSH_JOB_CHANNEL = 'orchestration_push_job';

/**
 * The push job queue, kept in `orchestration_job` (through its owner) so that any replica may run
 * a job (SPEC-management.md §2.4): enqueue, claim with a lease, renew, finish. Every enqueue wakes
 * this replica's dispatcher at once and the other replicas through PostgreSQL.
 */
@Injectable()
export class PushQueue {
  constructor(
    private readonly jobs: OrchestrationJobRepository,
    private readonly wakeUp: PushWakeUp,
  ) {}

  /** Queues a push of each subscription, requested by `requester`. */
  async enqueue(requester: string, subscriptions: Subscription[]): Promise<JobRecord[]> {
    const jobs = subscriptions.map((subscription) => pendingJob(requester, subscription));
    await this.jobs.queuePush(jobs, PUSH_JOB_CHANNEL);
    if (jobs.length > 0) this.wakeUp.wake();
    return jobs;
  }

  /** Like `enqueue`, but a subscription with a job already queued or running keeps that job (answered first). */
  async enqueueUnlessQueued(requester: string, subscriptions: Subscription[]): Promise<JobRecord[]> {
    if (subscriptions.length === 0) return [];
    const jobs = await this.jobs.queuePushUnlessActive(
      subscriptions.map((subscription) => pendingJob(requester, subscription)),
      PUSH_JOB_CHANNEL,
    );
    if (jobs.length > 0) this.wakeUp.wake();
    return jobs;
  }

  /** Claims up to `limit` jobs for `leaseMs` each (see OrchestrationJobRepository.claimPush). */
  claim(limit: number, leaseMs: number): Promise<JobRecord[]> {
    return this.jobs.claimPush(limit, leaseMs);
  }

  /** Claims the oldest claimable job, if any. */
  async claimNext(leaseMs: number): Promise<JobRecord | null> {
    return (await this.claim(1, leaseMs))[0] ?? null;
  }

  /** Extends the lease of a running job; false when the job is no longer this claim's (taken over). */
  renew(job: JobRecord, leaseMs: number): Promise<boolean> {
    return this.jobs.renewPush(job, leaseMs);
  }

  /**
   * Ends a claimed job, if the claim still holds it; false (and nothing changed) when another
   * replica has taken the job over since: its outcome is the one that counts.
   */
  finish(job: JobRecord, status: 'DONE' | 'ERROR', message: string): Promise<boolean> {
    return this.jobs.finishPush(job, status, message);
  }
}

function pendingJob(requester: string, subscription: Subscription): JobRecord {
  return {
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
  };
}
