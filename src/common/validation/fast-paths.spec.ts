import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { LockListRequestDto } from '../../lock-management/dto/lock.dto';
import { OrchestrationRequestDto } from '../../orchestration/dto/orchestration.dto';
import { ArrowheadValidationPipe } from './arrowhead-validation.pipe';
import { fastPathFor } from './fast-paths';

const metadata: ArgumentMetadata = { type: 'custom', metatype: OrchestrationRequestDto };
// The reflective validation alone, configured as ArrowheadValidationPipe configures it.
const reflective = new ValidationPipe({ whitelist: true, transform: true, validateCustomDecorators: true, forbidUnknownValues: false });
const fast = fastPathFor(OrchestrationRequestDto)!;

const TAKEN: object[] = [
  {},
  { serviceRequirement: null, orchestrationFlags: null },
  { serviceRequirement: {} },
  { serviceRequirement: { serviceDefinition: 'kelvinInfo' } },
  { serviceRequirement: { serviceDefinition: null, preferredProviders: null } },
  { serviceRequirement: { serviceDefinition: ' kelvin-info ', preferredProviders: ['A', ' b ', ''] } },
  { serviceRequirement: { serviceDefinition: 'x', preferredProviders: [] }, orchestrationFlags: { MATCHMAKING: true, only_preferred: false } },
  { orchestrationFlags: {} },
  { qualityRequirements: null, exclusivityDuration: null },
];

const LEFT_TO_REFLECTION: object[] = [
  { serviceRequirement: { serviceDefinition: 5 } },
  { serviceRequirement: 'kelvinInfo' },
  { serviceRequirement: [] },
  { serviceRequirement: { serviceDefinition: 'x', operations: ['a'] } },
  { serviceRequirement: { preferredProviders: ['A', null] } },
  { serviceRequirement: { preferredProviders: 'A' } },
  { orchestrationFlags: { MATCHMAKING: 'true' } },
  { orchestrationFlags: { MATCHMAKING: null } },
  { orchestrationFlags: [] },
  { qualityRequirements: [] },
  { exclusivityDuration: 5 },
  { unknownField: 1 },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  Object.assign(Object.create({ inherited: 1 }), { serviceRequirement: {} }),
];

describe('the pull fast path of validation', () => {
  it.each(TAKEN.map((input) => [JSON.stringify(input), input]))('gives what the reflective validation gives for %s', async (_, input) => {
    const expected = await reflective.transform(structuredClone(input), metadata);
    const actual = fast(structuredClone(input));
    expect(actual).toBeInstanceOf(OrchestrationRequestDto);
    expect(actual).toStrictEqual(expected);
    expect(await new ArrowheadValidationPipe({ maxBulk: 1000 } as AppConfig).transform(structuredClone(input), metadata)).toStrictEqual(expected);
  });

  it.each(LEFT_TO_REFLECTION.map((input) => [JSON.stringify(input), input]))('leaves %s to the reflective validation', (_, input) => {
    expect(fast(input)).toBeUndefined();
  });

  it('still words the errors of what it leaves', async () => {
    await expect(new ArrowheadValidationPipe({ maxBulk: 1000 } as AppConfig).transform({ serviceRequirement: { serviceDefinition: 5 } }, metadata)).rejects.toMatchObject({
      message: 'Could not parse payload. Reason: serviceDefinition must be a string',
    });
  });
});

describe('the lock-create fast path of validation', () => {
  const lockMetadata: ArgumentMetadata = { type: 'custom', metatype: LockListRequestDto };
  const fastLocks = fastPathFor(LockListRequestDto)!;

  it.each(
    [
      {},
      { locks: [] },
      { locks: [{ serviceInstanceId: 'P|s|1.0.0', owner: 'O', expiresAt: '2099-01-01T00:00:00Z' }] },
      { locks: [{ serviceInstanceId: null, owner: ' o ' }, {}] },
    ].map((input) => [JSON.stringify(input), input]),
  )('gives what the reflective validation gives for %s', async (_, input) => {
    const expected = await reflective.transform(structuredClone(input), lockMetadata);
    const actual = fastLocks(structuredClone(input));
    expect(actual).toBeInstanceOf(LockListRequestDto);
    expect(actual).toStrictEqual(expected);
  });

  it.each(
    [
      { locks: null },
      { locks: 'x' },
      { locks: [null] },
      { locks: [{ owner: 5 }] },
      { locks: [{ owner: 'O', extra: 1 }] },
      { locks: [], more: 1 },
      { locks: [[]] },
    ].map((input) => [JSON.stringify(input), input]),
  )('leaves %s to the reflective validation', (_, input) => {
    expect(fastLocks(input)).toBeUndefined();
  });
});
