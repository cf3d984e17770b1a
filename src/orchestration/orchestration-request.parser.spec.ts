import { rejection } from '../../test/support/unit';
import { EVERY_IGNORED_FIELD, EVERY_IGNORED_FIELD_WARNINGS, ORCHESTRATION_REFUSALS } from '../../test/support/cases/orchestration';
import { NameNormalizer } from '../common/naming/name-normalizer';
import { OrchestrationRequestDto } from './dto/orchestration.dto';
import { OrchestrationRequestParser } from './orchestration-request.parser';

// SPEC-orchestration.md §2.2, steps 2–8: every rule, text and warning of the orchestration request
// (the table shared with the contract spec is in test/support/cases/orchestration.ts).
const parser = new OrchestrationRequestParser(new NameNormalizer('extended'));
/** Both steps, as pull runs them. */
const check = (request: unknown) => {
  parser.precheck(request as OrchestrationRequestDto | null);
  return parser.normalize(request as OrchestrationRequestDto | null);
};

describe('OrchestrationRequestParser', () => {
  it.each(ORCHESTRATION_REFUSALS)('rejects %s', (_, request, message) => {
    expect(rejection(() => check(request))).toBe(message);
  });

  it('takes no request as "everything the rules allow", without warnings', () => {
    expect(check(null)).toEqual({ serviceDefinition: null, preferredProviders: [], flags: {}, flagsSent: false, warnings: [] });
  });

  it('normalizes names and flags; a flag sent as false still counts as sent', () => {
    expect(
      check({
        serviceRequirement: { serviceDefinition: ' Kelvin_Info ', preferredProviders: ['temperature-provider2'] },
        orchestrationFlags: { ' matchmaking ': true, only_preferred: false },
      }),
    ).toEqual({
      serviceDefinition: 'kelvinInfo',
      preferredProviders: ['TemperatureProvider2'],
      flags: { MATCHMAKING: true, ONLY_PREFERRED: false },
      flagsSent: true,
      warnings: [],
    });
  });

  it('reports ignored fields and flags as warnings (the spec example)', () => {
    const result = check({
      serviceRequirement: { serviceDefinition: 'kelvinInfo', preferredProviders: ['TemperatureProvider2'], versions: ['1.0.0'] },
      orchestrationFlags: { MATCHMAKING: true, ALLOW_INTERCLOUD: false },
    });
    expect(result.warnings).toEqual(['ignoredFields: [versions]', 'ignoredFlags: [ALLOW_INTERCLOUD]']);
  });

  it('lists every ignored field in the reference order, each ignored flag once', () => {
    expect(check(EVERY_IGNORED_FIELD).warnings).toEqual(EVERY_IGNORED_FIELD_WARNINGS);
  });

  it.each([
    ['an empty list', { serviceRequirement: { operations: [] } }],
    ['a blank string', { serviceRequirement: { alivesAt: ' ' } }],
    ['a null', { exclusivityDuration: null }],
  ])('does not count %s as a sent field', (_, request) => {
    expect(check(request).warnings).toEqual([]);
  });
});

describe('OrchestrationRequestParser.parsePull', () => {
  it('checks the requester first (step 1), before anything in the request', () => {
    expect(rejection(() => parser.parsePull({ orchestrationFlags: { EXCLUSIVE: null } } as unknown as OrchestrationRequestDto, '9Consumer'))).toBe(
      'The specified system name does not match the naming convention: 9Consumer',
    );
  });

  it('hands the service the requester and the normalized request; no request is all of its rules', () => {
    expect(parser.parsePull(null, 'TemperatureConsumer')).toEqual({
      requester: 'TemperatureConsumer',
      orchestration: { serviceDefinition: null, preferredProviders: [], flags: {}, flagsSent: false, warnings: [] },
    });
    expect(parser.parsePull({ serviceRequirement: { serviceDefinition: 'kelvin-info' } } as OrchestrationRequestDto, 'A').orchestration.serviceDefinition).toBe('kelvinInfo');
  });
});
