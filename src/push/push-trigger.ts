import { Injectable } from '@nestjs/common';
import { toOrchestrationJob } from '../orchestration/orchestration-job.mapper';
import { PushJobListResponseDto } from './dto/subscription.dto';
import { PushQueue } from './push-queue';
import { SubscriptionRepository } from './subscription.repository';
import { TriggerSelection } from './subscription-request.parser';

/** Push management trigger (SPEC-management.md §2.4): queues a push of the selected subscriptions. */
@Injectable()
export class PushTrigger {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly queue: PushQueue,
  ) {}

  /** Reuses a job already queued or running for a subscription. */
  async trigger(requester: string, selection: TriggerSelection): Promise<PushJobListResponseDto> {
    const selected = await this.subscriptions.findForTrigger(selection, requester);
    const jobs = await this.queue.enqueueUnlessQueued(requester, selected);
    return { jobs: jobs.map(toOrchestrationJob) };
  }
}
