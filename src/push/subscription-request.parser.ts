import { Inject, Injectable } from '@nestjs/common';
import { integerText, isBlank } from '../common/validation/lenient';
import { ArrowheadException } from '../common/arrowhead/arrowhead.exception';
import { publishTopicProblem } from '../common/arrowhead/mqtt-topic';
import { BlockedNetworks } from '../common/http/blocked-networks';
import { Page, resolvePage, SortFieldOf, sortRules } from '../common/dto/pagination';
import { NameNormalizer } from '../common/naming/name-normalizer';
import { canonicalUuid, canonicalUuids, NamingValidator, requesterName, requireUuid } from '../common/naming/naming-validator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { NormalizedOrchestrationRequest, OrchestrationRequestParser } from '../orchestration/orchestration-request.parser';
import {
  NotifyInterfaceDto,
  PushTriggerRequestDto,
  SubscriberListRequestDto,
  SubscriptionQueryRequestDto,
  SubscriptionRequestDto,
} from './dto/subscription.dto';
import { NotifyProtocol } from './entities/subscription.entity';

const invalid = ArrowheadException.invalidParameter;
const HTTP_METHODS = ['POST', 'PUT', 'PATCH'];
/** Bounds of a stored notify interface (issue 8): they are kept per subscription and sent with every push. */
export const MAX_NOTIFY_PROPERTIES = 32;
export const MAX_NOTIFY_PROPERTY_LENGTH = 1024;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

export const SUBSCRIPTION_SORT = sortRules(['id', 'ownerSystem', 'targetSystem', 'serviceDefinition', 'createdAt'], 'id', 'DESC');
export type SubscriptionSortField = SortFieldOf<typeof SUBSCRIPTION_SORT>;

/** A parsed subscription, ready to store. */
export interface NewSubscription {
  ownerSystem: string;
  targetSystem: string;
  serviceDefinition: string | null;
  durationSeconds: number | null;
  notifyProtocol: NotifyProtocol;
  notifyProperties: Record<string, string>;
  orchestrationRequest: NormalizedOrchestrationRequest;
}

export interface SubscriptionFilter {
  page: Page<SubscriptionSortField>;
  ownerSystems: string[];
  targetSystems: string[];
  serviceDefinitions: string[];
}

export interface TriggerSelection {
  targetSystems: string[];
  subscriptionIds: string[];
}

/** At most 32 properties, keys and values (as stored: trimmed) of at most 1,024 characters without control characters. */
function checkNotifyPropertyBounds(properties: [string, string][]): void {
  if (properties.length > MAX_NOTIFY_PROPERTIES) {
    throw invalid(`Notify properties has too many entries: ${properties.length}, at most ${MAX_NOTIFY_PROPERTIES} are allowed`);
  }
  for (const [rawKey, rawValue] of properties) {
    const key = rawKey.trim();
    const value = rawValue.trim();
    if (key.length > MAX_NOTIFY_PROPERTY_LENGTH) throw invalid(`Notify property key is too long, at most ${MAX_NOTIFY_PROPERTY_LENGTH} characters are allowed`);
    if (CONTROL_CHARACTER.test(key)) throw invalid('Notify property key contains a control character');
    if (value.length > MAX_NOTIFY_PROPERTY_LENGTH) {
      throw invalid(`Notify property ${key} is too long, at most ${MAX_NOTIFY_PROPERTY_LENGTH} characters are allowed`);
    }
    if (CONTROL_CHARACTER.test(value)) throw invalid(`Notify property ${key} contains a control character`);
  }
}

/** The rules of subscribe, unsubscribe and push management input (SPEC-orchestration.md §3–4, SPEC-management.md §2), in their order and texts. */
@Injectable()
export class SubscriptionRequestParser {
  /** Host names are checked when a push connects (HttpNotifier), where they resolve. */
  private readonly blockedNetworks: BlockedNetworks;

  constructor(
    private readonly normalizer: NameNormalizer,
    private readonly requestParser: OrchestrationRequestParser,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.blockedNetworks = new BlockedNetworks(config.push.blockedNetworks);
  }

  /** serviceOrchestration.subscribe: the requester subscribes for itself. */
  parseSubscribe(request: SubscriptionRequestDto | null, requester: string): NewSubscription {
    if (request === null) throw invalid('Request payload is missing');
    this.precheck(request);
    const notify = this.normalizeNotify(request.notifyInterface!);
    const orchestration = request.orchestrationRequest ?? null;
    requesterName(requester);
    let target = requester;
    if (!isBlank(request.targetSystemName)) {
      target = this.normalizer.systemName(request.targetSystemName)!;
      if (target !== requester) throw invalid('Target system cannot be different than the requester system');
    }
    NamingValidator.systemName(target);
    return this.complete(requester, target, orchestration, request.duration ?? null, notify);
  }

  /** Push management subscribe: the requester subscribes other systems, all or nothing. */
  parseBulkSubscribe(request: SubscriberListRequestDto | null, requester: string): NewSubscription[] {
    requesterName(requester);
    if (request === null) throw invalid('Request payload is missing');
    const entries = request.subscriptions ?? [];
    if (entries.length === 0) throw invalid('Subscription request list is empty');
    const subscriptions = entries.map((entry) => {
      if (entry === null) throw invalid('Request payload is missing');
      this.precheck(entry);
      if (isBlank(entry.targetSystemName)) throw invalid('Target system name is missing');
      const notify = this.normalizeNotify(entry.notifyInterface!);
      const target = this.normalizer.systemName(entry.targetSystemName)!;
      NamingValidator.systemName(target);
      return this.complete(requester, target, entry.orchestrationRequest ?? null, entry.duration ?? null, notify);
    });
    const seen = new Set<string>();
    for (const entry of entries) {
      const target = entry!.targetSystemName!;
      const definition = entry!.orchestrationRequest?.serviceRequirement?.serviceDefinition ?? null;
      const key = JSON.stringify([target, definition]);
      if (seen.has(key)) {
        throw invalid(`Duplicated subscription request for system ${target} and service definition ${definition}`);
      }
      seen.add(key);
    }
    return subscriptions;
  }

  /** Steps 2–7 of subscribe: checks on the request as sent. */
  private precheck(request: SubscriptionRequestDto): void {
    this.requestParser.precheck(request.orchestrationRequest ?? null);
    const notify = request.notifyInterface;
    if (notify === null || notify === undefined || isBlank(notify.protocol)) throw invalid('Notify protocol is missing');
    const properties = Object.entries(notify.properties ?? {});
    if (properties.length === 0) throw invalid('Notify properties are missing');
    if (properties.some(([key]) => key.trim() === '')) throw invalid('Notify properties contains empty key');
    if (properties.some(([, value]) => isBlank(value))) throw invalid('Notify properties contains empty value');
    checkNotifyPropertyBounds(properties as [string, string][]);
    if (request.duration !== null && request.duration !== undefined && request.duration <= 0) {
      throw invalid('Subscription duration must be greater than 0');
    }
  }

  private normalizeNotify(notify: NotifyInterfaceDto): { sentProtocol: string; protocol: string; properties: Record<string, string> } {
    const sentProtocol = notify.protocol!.trim();
    const properties = Object.fromEntries(Object.entries(notify.properties!).map(([key, value]) => [key.trim().toLowerCase(), value!.trim()]));
    return { sentProtocol, protocol: sentProtocol.toUpperCase(), properties };
  }

  /** Steps 11–12: the orchestration request, then the notify interface. */
  private complete(
    owner: string,
    target: string,
    orchestration: SubscriptionRequestDto['orchestrationRequest'],
    duration: number | null,
    notify: { sentProtocol: string; protocol: string; properties: Record<string, string> },
  ): NewSubscription {
    const normalized = this.requestParser.normalize(orchestration ?? null);
    const { protocol, properties } = notify;
    if (protocol === 'HTTP' || protocol === 'HTTPS') {
      if (!('address' in properties)) throw invalid('Notify properties has no address property');
      if (!('port' in properties)) throw invalid('Notify properties has no port property');
      const port = integerText(properties.port);
      if (port === undefined) throw invalid('Notify port is not a number');
      if (port < 1 || port > 65535) throw invalid('Notify port is out of the valid range');
      if (!('method' in properties)) throw invalid('Notify properties has no method property');
      if (!HTTP_METHODS.includes(properties.method.toUpperCase())) throw invalid(`Unsupported notify HTTP method: ${properties.method}`);
      if (!('path' in properties)) throw invalid('Notify properties has no path property');
      const literal = BlockedNetworks.literalAddress(properties.address);
      if (literal !== null && this.blockedNetworks.blocks(literal)) throw invalid(`Notify address is in a blocked network: ${properties.address}`);
    } else if (protocol === 'MQTT' || protocol === 'MQTTS') {
      if (!this.config.mqtt.enabled) throw invalid('MQTT notify protocol required, but MQTT is not enabled');
      if (!('topic' in properties)) throw invalid('Notify properties has no topic member');
      const problem = publishTopicProblem(properties.topic);
      if (problem !== undefined) throw invalid(`Invalid notify topic: ${problem}`);
    } else {
      throw invalid(`Unsupported notify protocol: ${notify.sentProtocol}`);
    }
    return {
      ownerSystem: owner,
      targetSystem: target,
      serviceDefinition: normalized.serviceDefinition,
      durationSeconds: duration,
      notifyProtocol: protocol,
      notifyProperties: properties,
      orchestrationRequest: normalized,
    };
  }

  /** serviceOrchestration.unsubscribe: the id, canonical. */
  parseSubscriptionId(id: unknown, requester: string): string {
    requesterName(requester);
    if (id === undefined || id === null) throw invalid('Subscription id is missing');
    if (typeof id !== 'string' || id.trim() === '') throw invalid(typeof id === 'string' ? 'UUID is missing' : 'Invalid subscription id');
    const canonical = canonicalUuid(id.trim());
    if (canonical === null) throw invalid('Invalid subscription id');
    return canonical;
  }

  parseBulkUnsubscribe(ids: unknown[] | undefined, requester: string): string[] {
    requesterName(requester);
    if (ids === undefined || ids.length === 0) throw invalid('Request payload is missing');
    return canonicalUuids(ids, () => 'Invalid UUID id', 'UUID is missing');
  }

  parseTrigger(request: PushTriggerRequestDto | null, requester: string): TriggerSelection {
    requesterName(requester);
    if (request === null) throw invalid('Request payload is missing');
    const targets = request.targetSystems ?? [];
    if (targets.some(isBlank)) throw invalid('Target system list contains null or empty element');
    const targetSystems: string[] = [];
    for (const target of targets) {
      const name = this.normalizer.systemName(target)!;
      NamingValidator.systemName(name);
      if (targetSystems.includes(name)) throw invalid(`Duplicated target system name: ${name}`);
      targetSystems.push(name);
    }
    const ids = request.subscriptionIds ?? [];
    if (ids.some(isBlank)) throw invalid('Subscription id list contains null or empty element');
    const subscriptionIds: string[] = [];
    for (const id of ids) {
      const canonical = requireUuid(id!, (text) => `Invalid subscription id: ${text}`);
      if (subscriptionIds.includes(canonical)) throw invalid(`Duplicated subscription id: ${canonical}`);
      subscriptionIds.push(canonical);
    }
    return { targetSystems, subscriptionIds };
  }

  parseQuery(request: SubscriptionQueryRequestDto | null): SubscriptionFilter {
    const page = resolvePage(request?.pagination, SUBSCRIPTION_SORT, this.config.maxPageSize);
    const owners = request?.ownerSystems ?? [];
    const targets = request?.targetSystems ?? [];
    const definitions = request?.serviceDefinitions ?? [];
    if (owners.some(isBlank)) throw invalid('Owner system list contains empty element');
    if (targets.some(isBlank)) throw invalid('Target system list contains empty element');
    if (definitions.some(isBlank)) throw invalid('Service definition list contains empty element');
    const filter: SubscriptionFilter = {
      page,
      ownerSystems: owners.map((name) => this.normalizer.systemName(name)!),
      targetSystems: targets.map((name) => this.normalizer.systemName(name)!),
      serviceDefinitions: definitions.map((name) => this.normalizer.serviceDefinition(name)!),
    };
    [...filter.ownerSystems, ...filter.targetSystems].forEach((name) => NamingValidator.systemName(name));
    filter.serviceDefinitions.forEach((name) => NamingValidator.serviceDefinition(name));
    return filter;
  }
}
