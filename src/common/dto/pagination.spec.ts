import { rejection } from '../../../test/support/unit';
import { PageRequestDto, resolvePage, SortRules } from './pagination';

type LockField = 'id' | 'owner' | 'serviceInstanceId' | 'expiresAt';

// SPEC.md §9: the lock query's sortable fields, default `id` DESC.
const LOCK_RULES: SortRules<LockField> = {
  fields: ['id', 'owner', 'serviceInstanceId', 'expiresAt'],
  defaultField: 'id',
  defaultDirection: 'DESC',
};

const MAX = 1000;

const SIZE_WITHOUT_PAGE = 'If size parameter is defined then page parameter cannot be undefined';
const SIZE_TOO_LARGE = `The page size cannot be larger than ${MAX}`;
const PAGE_WITHOUT_SIZE = 'If page parameter is defined then size parameter cannot be undefined';
const BAD_DIRECTION = 'Direction is invalid. Only ASC or DESC are allowed';
const BAD_SORT_FIELD = 'Sort field is invalid. Only the following are allowed: [id, owner, serviceInstanceId, expiresAt]';

function page(request: Partial<PageRequestDto> | null | undefined, max = MAX) {
  return resolvePage(request as PageRequestDto | null | undefined, LOCK_RULES, max);
}

describe('resolvePage', () => {
  describe('validation messages (SPEC.md §9, in this order)', () => {
    it.each<[string, Partial<PageRequestDto>, string]>([
      ['1. size without page', { size: 10 }, SIZE_WITHOUT_PAGE],
      ['1. size without page (page null)', { page: null, size: 10 }, SIZE_WITHOUT_PAGE],
      ['1 before 2: size without page and too large', { size: 5000 }, SIZE_WITHOUT_PAGE],
      ['1 before 4: size without page and bad direction', { size: 10, direction: 'UP' }, SIZE_WITHOUT_PAGE],
      ['2. size larger than max', { page: 0, size: 1001 }, SIZE_TOO_LARGE],
      ['2 before 4 and 5', { page: 0, size: 1001, direction: 'UP', sortField: 'nope' }, SIZE_TOO_LARGE],
      ['3. page without size', { page: 0 }, PAGE_WITHOUT_SIZE],
      ['3. page without size (size null)', { page: 2, size: null }, PAGE_WITHOUT_SIZE],
      ['3 before 4: page without size and bad direction', { page: 0, direction: 'UP' }, PAGE_WITHOUT_SIZE],
      ['4. bad direction', { page: 0, size: 10, direction: 'UP' }, BAD_DIRECTION],
      ['4. bad direction without page/size', { direction: 'ascending' }, BAD_DIRECTION],
      ['4 before 5', { page: 0, size: 10, direction: 'UP', sortField: 'nope' }, BAD_DIRECTION],
      ['5. unknown sort field', { page: 0, size: 10, sortField: 'createdAt' }, BAD_SORT_FIELD],
      ['5. sort field is case-sensitive', { sortField: 'ID' }, BAD_SORT_FIELD],
      ['5. sort field is case-sensitive (camelCase)', { sortField: 'serviceinstanceid' }, BAD_SORT_FIELD],
    ])('%s', (_, request, message) => {
      expect(rejection(() => page(request))).toBe(message);
    });

    it('uses the configured max page size in the message', () => {
      expect(rejection(() => page({ page: 0, size: 51 }, 50))).toBe('The page size cannot be larger than 50');
    });

    it('renders the allowed fields as [a, b, c] in the configured order', () => {
      const rules: SortRules<'logId' | 'entryDate' | 'logger' | 'logLevel'> = {
        fields: ['logId', 'entryDate', 'logger', 'logLevel'],
        defaultField: 'entryDate',
        defaultDirection: 'DESC',
      };
      expect(rejection(() => resolvePage({ sortField: 'x' }, rules, MAX))).toBe(
        'Sort field is invalid. Only the following are allowed: [logId, entryDate, logger, logLevel]',
      );
    });
  });

  describe('defaults and normalization', () => {
    it.each<[string, Partial<PageRequestDto> | null | undefined]>([
      ['no pagination object (undefined)', undefined],
      ['no pagination object (null)', null],
      ['empty pagination object', {}],
      ['all fields null', { page: null, size: null, direction: null, sortField: null }],
      ['blank direction and sort field', { direction: '   ', sortField: '' }],
    ])('%s → page 0, size = max, default field and direction', (_, request) => {
      expect(page(request)).toEqual({ page: 0, size: MAX, direction: 'DESC', sortField: 'id' });
    });

    it('keeps valid values', () => {
      expect(page({ page: 3, size: 25, direction: 'ASC', sortField: 'expiresAt' })).toEqual({
        page: 3,
        size: 25,
        direction: 'ASC',
        sortField: 'expiresAt',
      });
    });

    it('accepts size equal to the max page size', () => {
      expect(page({ page: 0, size: MAX }).size).toBe(MAX);
    });

    it.each([[-1], [-100]])('negative page %d → 0', (negative) => {
      expect(page({ page: negative, size: 10 })).toMatchObject({ page: 0, size: 10 });
    });

    it.each([[0], [-1], [-50]])('size %d (< 1) → max page size', (small) => {
      expect(page({ page: 2, size: small })).toMatchObject({ page: 2, size: MAX });
    });

    it.each([
      ['asc', 'ASC'],
      ['Desc', 'DESC'],
      ['  asc  ', 'ASC'],
      [' DESC', 'DESC'],
      ['ASC', 'ASC'],
    ])('direction %j → %j (trimmed, case-insensitive)', (direction, expected) => {
      expect(page({ direction }).direction).toBe(expected);
    });

    it.each([
      ['owner', 'owner'],
      ['  serviceInstanceId ', 'serviceInstanceId'],
    ])('sort field %j → %j (trimmed, exact match)', (sortField, expected) => {
      expect(page({ sortField }).sortField).toBe(expected);
    });

    it('uses the default direction of the rules', () => {
      const rules: SortRules<'id'> = { fields: ['id'], defaultField: 'id', defaultDirection: 'ASC' };
      expect(resolvePage(undefined, rules, 20)).toEqual({ page: 0, size: 20, direction: 'ASC', sortField: 'id' });
    });
  });
});
