import { formatDateTime } from '../common/dto/date-time';
import { LockListResponseDto, LockResponseDto } from './dto/lock.dto';
import { OrchestrationLock } from './entities/orchestration-lock.entity';

export function toLockResponse(lock: OrchestrationLock): LockResponseDto {
  return {
    id: Number(lock.id),
    ...(lock.orchestrationJobId ? { orchestrationJobId: lock.orchestrationJobId } : {}),
    serviceInstanceId: lock.serviceInstanceId,
    owner: lock.owner,
    expiresAt: formatDateTime(lock.expiresAt),
    temporary: lock.temporary,
  };
}

export function toLockListResponse(locks: OrchestrationLock[], count = locks.length): LockListResponseDto {
  return { entries: locks.map(toLockResponse), count };
}
