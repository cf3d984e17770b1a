import { JobRecord, OrchestrationJobRepository } from '../orchestration/orchestration-job.repository';
import { Subscription } from './entities/subscription.entity';
import { PUSH_JOB_CHANNEL, PushQueue } from './push-queue';
import { PushWakeUp } from './push-wake-up';

function subscription(id: string, targetSystem: string): Subscription {
  return { id, targetSystem, serviceDefinition: 'kelvinInfo' } as Subscription;
}

describe('PushQueue', () => {
  let repository: { queuePush: jest.Mock; queuePushUnlessActive: jest.Mock };
  let wakes: number;
  let queue: PushQueue;

  beforeEach(() => {
    repository = {
      queuePush: jest.fn().mockResolvedValue(undefined),
      queuePushUnlessActive: jest.fn(async (candidates: JobRecord[]) => candidates.slice(1)),
    };
    wakes = 0;
    const wakeUp = new PushWakeUp();
    wakeUp.onWake(() => wakes++);
    queue = new PushQueue(repository as unknown as OrchestrationJobRepository, wakeUp);
  });

  it('queues one PENDING push job per subscription, notifies the channel and wakes this replica once', async () => {
    const jobs = await queue.enqueue('Requester', [subscription('s1', 'Target1'), subscription('s2', 'Target2')]);
    expect(jobs).toEqual([
      expect.objectContaining({ status: 'PENDING', type: 'PUSH', requesterSystem: 'Requester', targetSystem: 'Target1', serviceDefinition: 'kelvinInfo', subscriptionId: 's1', startedAt: null, claimToken: null }),
      expect.objectContaining({ status: 'PENDING', type: 'PUSH', requesterSystem: 'Requester', targetSystem: 'Target2', subscriptionId: 's2' }),
    ]);
    expect(repository.queuePush).toHaveBeenCalledWith(jobs, PUSH_JOB_CHANNEL);
    expect(wakes).toBe(1);
  });

  it('answers what the owner kept or queued for a trigger, and wakes only when there is any', async () => {
    const jobs = await queue.enqueueUnlessQueued('Requester', [subscription('s1', 'Target1'), subscription('s2', 'Target2')]);
    expect(jobs.map((job) => job.subscriptionId)).toEqual(['s2']);
    expect(repository.queuePushUnlessActive).toHaveBeenCalledWith(expect.any(Array), PUSH_JOB_CHANNEL);
    expect(wakes).toBe(1);

    expect(await queue.enqueueUnlessQueued('Requester', [])).toEqual([]);
    expect(repository.queuePushUnlessActive).toHaveBeenCalledTimes(1);
    expect(wakes).toBe(1);
  });
});
