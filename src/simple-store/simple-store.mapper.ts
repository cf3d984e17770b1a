import { formatDateTime } from '../common/dto/date-time';
import { SimpleStoreListResponseDto, SimpleStoreRecordDto } from './dto/simple-store.dto';
import { OrchestrationStoreRule } from './entities/orchestration-store.entity';

export function toSimpleStoreRecord(rule: OrchestrationStoreRule): SimpleStoreRecordDto {
  return {
    id: rule.id,
    consumer: rule.consumer,
    serviceDefinition: rule.serviceDefinition,
    serviceInstanceId: rule.serviceInstanceId,
    priority: rule.priority,
    createdBy: rule.createdBy,
    updatedBy: rule.updatedBy,
    createdAt: formatDateTime(rule.createdAt),
    updatedAt: formatDateTime(rule.updatedAt),
  };
}

export function toSimpleStoreList(rules: OrchestrationStoreRule[], count = rules.length): SimpleStoreListResponseDto {
  return { entries: rules.map(toSimpleStoreRecord), count };
}
