import { formatDateTime } from '../common/dto/date-time';
import { SubscriptionListResponseDto, SubscriptionResponseDto } from './dto/subscription.dto';
import { Subscription } from './entities/subscription.entity';

export function toSubscriptionResponse(subscription: Subscription): SubscriptionResponseDto {
  const request = subscription.orchestrationRequest;
  const requirement = {
    ...(request.serviceDefinition !== null ? { serviceDefinition: request.serviceDefinition } : {}),
    ...(request.preferredProviders.length > 0 ? { preferredProviders: request.preferredProviders } : {}),
  };
  return {
    id: subscription.id,
    ownerSystemName: subscription.ownerSystem,
    targetSystemName: subscription.targetSystem,
    orchestrationRequest: {
      ...(Object.keys(requirement).length > 0 ? { serviceRequirement: requirement } : {}),
      ...(request.flagsSent ? { orchestrationFlags: request.flags } : {}),
    },
    notifyInterface: { protocol: subscription.notifyProtocol, properties: subscription.notifyProperties },
    ...(subscription.expiresAt !== null ? { expiredAt: formatDateTime(subscription.expiresAt) } : {}),
    createdAt: formatDateTime(subscription.createdAt),
  };
}

export function toSubscriptionList(subscriptions: Subscription[], count = subscriptions.length): SubscriptionListResponseDto {
  return { entries: subscriptions.map(toSubscriptionResponse), count };
}
