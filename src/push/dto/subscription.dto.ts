import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { PageRequestDto } from '../../common/dto/pagination';
import { Int32, ListOf, ListOfObjects, MapOf } from '../../common/validation/lenient';
import { OrchestrationRequestDto } from '../../orchestration/dto/orchestration.dto';
import { OrchestrationJobDto } from '../../orchestration/dto/history.dto';

/** NotifyInterface (SPEC-orchestration.md §1.4). */
export class NotifyInterfaceDto {
  @IsOptional() @IsString() protocol?: string | null;
  @IsOptional() @MapOf('string') properties?: Record<string, string | null> | null;
}

/** SubscriptionRequest (§1.5); SubscriberRequest of push management is the same with a required target. */
export class SubscriptionRequestDto {
  @IsOptional() @IsString() targetSystemName?: string | null;
  @IsOptional() @ValidateNested() @Type(() => OrchestrationRequestDto) orchestrationRequest?: OrchestrationRequestDto | null;
  @IsOptional() @ValidateNested() @Type(() => NotifyInterfaceDto) notifyInterface?: NotifyInterfaceDto | null;
  @IsOptional() @Int32() duration?: number | null;
}

/** SubscriberListRequest of push management: `{"subscriptions": [...]}`. */
export class SubscriberListRequestDto {
  @ApiPropertyOptional({ type: [SubscriptionRequestDto] })
  @IsOptional() @ListOfObjects(() => SubscriptionRequestDto) subscriptions?: (SubscriptionRequestDto | null)[] | null;
}

/** PushTriggerRequest (SPEC-management.md §2.4). */
export class PushTriggerRequestDto {
  @IsOptional() @ListOf('string') targetSystems?: (string | null)[] | null;
  @IsOptional() @ListOf('string') subscriptionIds?: (string | null)[] | null;
}

/** SubscriptionQueryRequest (SPEC-management.md §2.5). */
export class SubscriptionQueryRequestDto {
  @IsOptional() @ValidateNested() @Type(() => PageRequestDto) pagination?: PageRequestDto | null;
  @IsOptional() @ListOf('string') ownerSystems?: (string | null)[] | null;
  @IsOptional() @ListOf('string') targetSystems?: (string | null)[] | null;
  @IsOptional() @ListOf('string') serviceDefinitions?: (string | null)[] | null;
}

export class SubscriptionServiceRequirementDto {
  serviceDefinition?: string;
  preferredProviders?: string[];
}

/** The stored request as a subscription shows it: accepted flags only, as booleans. */
export class SubscriptionOrchestrationRequestDto {
  serviceRequirement?: SubscriptionServiceRequirementDto;
  orchestrationFlags?: Record<string, boolean>;
}

export class NotifyInterfaceResponseDto {
  /** Upper-case: MQTT, MQTTS, HTTP or HTTPS. */
  protocol!: string;
  properties!: Record<string, string>;
}

/** SubscriptionResponse (SPEC-management.md §2.1); null fields omitted. */
export class SubscriptionResponseDto {
  id!: string;
  ownerSystemName!: string;
  targetSystemName!: string;
  orchestrationRequest!: SubscriptionOrchestrationRequestDto;
  notifyInterface!: NotifyInterfaceResponseDto;
  /** Spelled as on the wire (SPEC-deviations A6). */
  expiredAt?: string;
  createdAt!: string;
}

export class SubscriptionListResponseDto {
  entries!: SubscriptionResponseDto[];
  count!: number;
}

/** PushJobListResponse: the jobs a trigger queued or found running (no count). */
export class PushJobListResponseDto {
  jobs!: OrchestrationJobDto[];
}
