import { INSTANCE_ID, Refusal, SYSTEM } from './refusal';

/**
 * serviceOrchestrationLockManagement (SPEC-locks.md): every refusal of LockRequestParser with its
 * text, in the spec's order. src/lock-management/lock-request.parser.spec.ts runs the rows against
 * the parser, test/contract/lock-management.contract-spec.ts over HTTP and MQTT. No payload at all
 * differs per layer (null in a unit, nothing on the wire) and is not here.
 */

export const FUTURE = '2099-11-08T11:24:43Z';
export const INSTANCE = 'TemperatureProvider2|kelvinInfo|1.0.0';

export const lock = (serviceInstanceId: string | null | undefined, owner: string | null | undefined = 'TemperatureManager', expiresAt: string | null | undefined = FUTURE) => ({
  serviceInstanceId,
  owner,
  expiresAt,
});

export const LOCK_CREATE_REFUSALS: Refusal[] = [
  ['no list', {}, 'Request payload is empty'],
  ['a null list', { locks: null }, 'Request payload is empty'],
  ['an empty list', { locks: [] }, 'Request payload is empty'],
  ['a null entry', { locks: [lock(INSTANCE), null] }, 'Request payload contains null element'],
  ['a null entry alone', { locks: [null] }, 'Request payload contains null element'],
  ['a missing instance id', { locks: [{ owner: 'A', expiresAt: FUTURE }] }, 'Service instance id is missing'],
  ['a blank instance id', { locks: [lock('  ')] }, 'Service instance id is missing'],
  ['a missing owner', { locks: [lock(INSTANCE, null)] }, 'Owner is missing'],
  ['a blank owner', { locks: [lock(INSTANCE, '  ')] }, 'Owner is missing'],
  ['a missing expiry', { locks: [{ serviceInstanceId: INSTANCE, owner: 'A' }] }, 'Expiration time is missing'],
  ['a blank expiry', { locks: [lock(INSTANCE, 'A', ' ')] }, 'Expiration time is missing'],
  ['an unparsable expiry', { locks: [lock(INSTANCE, 'A', 'tomorrow')] }, 'Invalid expires at format: tomorrow'],
  ['a date without time', { locks: [lock(INSTANCE, 'A', '2099-01-01')] }, 'Invalid expires at format: 2099-01-01'],
  ['a past expiry', { locks: [lock(INSTANCE, 'A', '2020-01-01T00:00:00Z')] }, 'Expires at is in the past: 2020-01-01T00:00:00Z'],
  ['a two-part instance id', { locks: [lock('A|b')] }, `${INSTANCE_ID}A|b`],
  ['a bad version', { locks: [lock('A|b|1.x.0')] }, 'Version verification failure: the version should only contain numbers and separator . characters'],
  ['a bad owner', { locks: [lock(INSTANCE, '1abc')] }, `${SYSTEM}1abc`],
  ['one instance twice', { locks: [lock(INSTANCE, 'A'), lock(INSTANCE, 'B')] }, `Service instance id is requested more than once: ${INSTANCE}`],
  ['one instance twice after normalization', { locks: [lock(INSTANCE, 'A'), lock(' temperature-provider2 | kelvin_info | 1 ', 'B')] }, `Service instance id is requested more than once: ${INSTANCE}`],
  // Order: the presence checks of every entry come before any naming check.
  ['a missing owner after a bad name', { locks: [lock('A|b'), lock(INSTANCE, null)] }, 'Owner is missing'],
];

export const LOCK_QUERY_REFUSALS: Refusal[] = [
  ['a size without a page', { pagination: { size: 5 } }, 'If size parameter is defined then page parameter cannot be undefined'],
  ['a page size above MAX_PAGE_SIZE', { pagination: { page: 0, size: 1001 } }, 'The page size cannot be larger than 1000'],
  ['a page without a size', { pagination: { page: 0 } }, 'If page parameter is defined then size parameter cannot be undefined'],
  ['an unknown direction', { pagination: { direction: 'UP' } }, 'Direction is invalid. Only ASC or DESC are allowed'],
  ['an unknown sort field', { pagination: { sortField: 'createdAt' } }, 'Sort field is invalid. Only the following are allowed: [id, owner, serviceInstanceId, expiresAt]'],
  ['a null id', { ids: [1, null] }, 'ID list contains empty element'],
  ['a blank job id', { orchestrationJobIds: [' '] }, 'Orchestration job id list contains empty element'],
  ['a null job id', { orchestrationJobIds: [null] }, 'Orchestration job id list contains empty element'],
  ['a null instance id', { serviceInstanceIds: [null] }, 'Service instance id list contains empty element'],
  ['an empty owner', { owners: [''] }, 'Owner list contains empty element'],
  ['a job id that is no UUID', { orchestrationJobIds: ['abc123'] }, 'Invalid orchestration job id: abc123'],
  ['a bad instance id', { serviceInstanceIds: ['A|b'] }, `${INSTANCE_ID}A|b`],
  ['a bad owner', { owners: ['1x'] }, `${SYSTEM}1x`],
  ['an unparsable expiresBefore', { expiresBefore: 'soon' }, 'Invalid expires before: soon'],
  ['an unparsable expiresAfter', { expiresAfter: '2099-13-01T00:00:00Z' }, 'Invalid expires after: 2099-13-01T00:00:00Z'],
  ['a padded unparsable expiresAfter', { expiresAfter: ' later ' }, 'Invalid expires after: later'],
  // Order: every empty-element check before any format check.
  ['a bad job id and a blank owner', { orchestrationJobIds: ['abc123'], owners: [' '] }, 'Owner list contains empty element'],
  ['a bad owner and a bad instance id', { owners: ['1x'], serviceInstanceIds: ['A|b'] }, `${INSTANCE_ID}A|b`],
  ['a bad owner and an unparsable expiresBefore', { owners: ['1x'], expiresBefore: 'soon' }, `${SYSTEM}1x`],
];

/** Remove for the owner Alpha: the instance ids (a query parameter on HTTP, the payload on MQTT). */
export const LOCK_REMOVE_REFUSALS: Refusal[] = [
  ['no instance ids', undefined, 'Service instance id list empty'],
  ['an empty instance id list', [], 'Service instance id list empty'],
  ['a blank instance id', ['P1|svc|1.0.0', ' '], 'Service instance id list contains empty element'],
  ['a bad instance id', ['P1|svc'], `${INSTANCE_ID}P1|svc`],
];
