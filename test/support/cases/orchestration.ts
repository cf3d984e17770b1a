import { DEFINITION, Refusal, SYSTEM } from './refusal';

/**
 * serviceOrchestration pull (SPEC-orchestration.md §2) and serviceOrchestrationHistoryManagement
 * query (SPEC-management.md §4): the refusals of OrchestrationRequestParser and
 * HistoryQueryParser with their texts, in the spec's order, and what a pull answers. The parsers'
 * unit specs run the rows against the parsers, test/contract/orchestration.contract-spec.ts over
 * HTTP and MQTT, and the e2e specs a few against the real service.
 */

/** An orchestration request (pull, or the one inside a subscription), steps 2–8. */
export const ORCHESTRATION_REFUSALS: Refusal[] = [
  ['a blank preferred provider', { serviceRequirement: { preferredProviders: ['A', ' '] } }, 'Preferred providers contains null or empty element'],
  ['a null preferred provider', { serviceRequirement: { preferredProviders: [null] } }, 'Preferred providers contains null or empty element'],
  ['a null flag', { orchestrationFlags: { MATCHMAKING: null } }, 'Orchestration flag map contains null value'],
  ['a bad service definition', { serviceRequirement: { serviceDefinition: '1kelvin' } }, `${DEFINITION}1kelvin`],
  ['a bad preferred provider', { serviceRequirement: { preferredProviders: ['9Provider'] } }, `${SYSTEM}9Provider`],
  ['an unknown flag', { orchestrationFlags: { EXCLUSIVE: true } }, 'Invalid orchestration flag: EXCLUSIVE'],
  ['an unknown flag, padded and in lower case', { orchestrationFlags: { ' exclusive ': true } }, 'Invalid orchestration flag: EXCLUSIVE'],
  ['ONLY_PREFERRED without preferred providers', { orchestrationFlags: { ONLY_PREFERRED: true } }, 'ONLY_PREFERRED flag is present, but no preferred provider is defined'],
  // Order: step 2–3 (as sent) before step 4–8 (normalized), definition before providers before flags.
  ['a blank preferred provider before a bad definition', { serviceRequirement: { serviceDefinition: '1kelvin', preferredProviders: [' '] } }, 'Preferred providers contains null or empty element'],
  ['a bad definition before a bad provider', { serviceRequirement: { serviceDefinition: '1kelvin', preferredProviders: ['9Provider'] } }, `${DEFINITION}1kelvin`],
  ['a bad provider before an unknown flag', { serviceRequirement: { preferredProviders: ['9Provider'] }, orchestrationFlags: { EXCLUSIVE: true } }, `${SYSTEM}9Provider`],
  ['an unknown flag before ONLY_PREFERRED without providers', { orchestrationFlags: { ONLY_PREFERRED: true, EXCLUSIVE: true } }, 'Invalid orchestration flag: EXCLUSIVE'],
];

/** A request with every field the reference ignores, and the warnings it earns (each ignored flag once). */
export const EVERY_IGNORED_FIELD = {
  serviceRequirement: {
    securityPolicies: ['NONE'],
    operations: ['op'],
    alivesAt: '2030-01-01T00:00:00Z',
    metadataRequirements: [{}],
    interfaceTemplateNames: ['generic_http'],
    interfaceAddressTypes: ['IPV4'],
    interfacePropertyRequirements: [{}],
    versions: [],
  },
  qualityRequirements: [{ type: 'x' }],
  exclusivityDuration: 10,
  orchestrationFlags: { ONLY_EXCLUSIVE: true, ALLOW_TRANSLATION: true, only_exclusive: false, ONLY_INTERCLOUD: false },
};
export const EVERY_IGNORED_FIELD_WARNINGS = [
  'ignoredFields: [operations, alivesAt, metadataRequirements, interfaceTemplateNames, interfaceAddressTypes, interfacePropertyRequirements, securityPolicies, qualityRequirements, exclusivityDuration]',
  'ignoredFlags: [ONLY_EXCLUSIVE, ALLOW_TRANSLATION, ONLY_INTERCLOUD]',
];

/** One entry of a pull (or push) result, as the wire spells it (the spec's typos included), for a local instance `Provider|definition|version`. */
export function orchestrationResult(serviceInstanceId: string) {
  const [providerName, serviceDefinitition, version] = serviceInstanceId.split('|');
  return { serviceInstanceId, providerName, serviceDefinitition, version, cloudIdentitifer: 'LOCAL' };
}

/** A history query without filters, as the parser hands it to the service: every job, newest first. */
export const EVERY_JOB = {
  page: { page: 0, size: 1000, direction: 'DESC', sortField: 'id' },
  ids: [],
  statuses: [],
  type: undefined,
  requesterSystems: [],
  targetSystems: [],
  serviceDefinitions: [],
  subscriptionIds: [],
};

const JOB_SORT_FIELDS = '[id, createdAt, startedAt, finishedAt]';

/** History query (no payload means everything). */
export const HISTORY_QUERY_REFUSALS: Refusal[] = [
  ['an unknown sort field', { pagination: { sortField: 'status' } }, `Sort field is invalid. Only the following are allowed: ${JOB_SORT_FIELDS}`],
  ['a blank id', { ids: [' '] }, 'UUID is missing'],
  ['a null id', { ids: [null] }, 'UUID is missing'],
  ['an id that is no UUID', { ids: ['abc123'] }, 'Invalid orchestration job id: abc123'],
  ['a padded id that is no UUID', { ids: [' abc123 '] }, 'Invalid orchestration job id: abc123'],
  ['an empty status', { statuses: [''] }, 'Status list contains empty element'],
  ['an unknown status', { statuses: ['FINISHED'] }, 'Invalid status: FINISHED'],
  ['an unknown status, padded', { statuses: [' finished '] }, 'Invalid status: finished'],
  ['an unknown type', { type: 'POLL' }, 'Invalid type: POLL'],
  ['a null requester system', { requesterSystems: [null] }, 'Requester system list contains empty element'],
  ['an empty target system', { targetSystems: [''] }, 'Target system list contains empty element'],
  ['a blank service definition', { serviceDefinitions: [' '] }, 'Service definition list contains empty element'],
  ['an empty subscription id', { subscriptionIds: [''] }, 'UUID is missing'],
  ['a subscription id that is no UUID', { subscriptionIds: ['nope'] }, 'Invalid subscription id: nope'],
  ['a bad requester system', { requesterSystems: ['1abc'] }, `${SYSTEM}1abc`],
  ['a bad target system', { targetSystems: ['2abc'] }, `${SYSTEM}2abc`],
  ['a bad service definition', { serviceDefinitions: ['1kelvin'] }, `${DEFINITION}1kelvin`],
  // Order: ids, statuses, type, empty elements, subscription ids, then names (requesters, targets, definitions).
  ['a bad id before an empty status', { ids: ['abc'], statuses: [''] }, 'Invalid orchestration job id: abc'],
  ['a bad status before a bad type', { statuses: ['X'], type: 'Y' }, 'Invalid status: X'],
  ['a bad type before an empty requester', { type: 'Y', requesterSystems: [''] }, 'Invalid type: Y'],
  ['a bad subscription id before a bad requester', { requesterSystems: ['1abc'], subscriptionIds: ['nope'] }, 'Invalid subscription id: nope'],
  ['a bad requester before a bad target', { targetSystems: ['2abc'], requesterSystems: ['1abc'] }, `${SYSTEM}1abc`],
  ['a bad target before a bad definition', { serviceDefinitions: ['1kelvin'], targetSystems: ['2abc'] }, `${SYSTEM}2abc`],
];
