import { formatDateTime } from '../common/dto/date-time';
import { OrchestrationJobDto } from './dto/history.dto';
import { OrchestrationJob } from './entities/orchestration-job.entity';

export function toOrchestrationJob(job: OrchestrationJob): OrchestrationJobDto {
  return {
    id: job.id,
    status: job.status,
    type: job.type,
    requesterSystem: job.requesterSystem,
    targetSystem: job.targetSystem,
    ...(job.serviceDefinition !== null ? { serviceDefinition: job.serviceDefinition } : {}),
    ...(job.subscriptionId !== null ? { subscriptionId: job.subscriptionId } : {}),
    ...(job.message !== null ? { message: job.message } : {}),
    createdAt: formatDateTime(job.createdAt),
    ...(job.startedAt !== null ? { startedAt: formatDateTime(job.startedAt) } : {}),
    ...(job.finishedAt !== null ? { finishedAt: formatDateTime(job.finishedAt) } : {}),
  };
}
