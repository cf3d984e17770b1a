import { IsOptional, IsString } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ArrowheadException } from '../arrowhead/arrowhead.exception';
import { Int32 } from '../validation/lenient';

/**
 * PageRequest wire object (SPEC.md §9): `pagination: {page, size, direction, sortField}`. Page
 * and size are 32-bit, as the reference's `int`s: a larger page made an offset beyond
 * PostgreSQL's bigint (page 9223372036854776 × size 1000), and the statement failed with a 500.
 */
export class PageRequestDto {
  @IsOptional() @Int32() page?: number | null;
  @IsOptional() @Int32() size?: number | null;
  @IsOptional() @IsString() direction?: string | null;
  @IsOptional() @IsString() sortField?: string | null;
}

export type SortDirection = 'ASC' | 'DESC';

export interface Page<Field extends string> {
  page: number;
  size: number;
  direction: SortDirection;
  sortField: Field;
}

export interface SortRules<Field extends string> {
  fields: readonly Field[];
  defaultField: Field;
  defaultDirection: SortDirection;
}

/** Declares the allowed fields once (in the order the error text lists them); their type follows with {@link SortFieldOf}. */
export function sortRules<const Field extends string>(fields: readonly Field[], defaultField: NoInfer<Field>, defaultDirection: SortDirection): SortRules<Field> {
  return { fields, defaultField, defaultDirection };
}

export type SortFieldOf<Rules> = Rules extends SortRules<infer Field> ? Field : never;

/** Validates (in the spec's order, with its texts) and normalizes a PageRequest. */
export function resolvePage<Field extends string>(
  request: PageRequestDto | null | undefined,
  rules: SortRules<Field>,
  maxPageSize: number,
): Page<Field> {
  const page = request?.page ?? null;
  const size = request?.size ?? null;
  const direction = request?.direction?.trim() ?? '';
  const sortField = request?.sortField?.trim() ?? '';

  if (size !== null && page === null) {
    throw ArrowheadException.invalidParameter('If size parameter is defined then page parameter cannot be undefined');
  }
  if (size !== null && size > maxPageSize) {
    throw ArrowheadException.invalidParameter(`The page size cannot be larger than ${maxPageSize}`);
  }
  if (page !== null && size === null) {
    throw ArrowheadException.invalidParameter('If page parameter is defined then size parameter cannot be undefined');
  }
  if (direction !== '' && !['ASC', 'DESC'].includes(direction.toUpperCase())) {
    throw ArrowheadException.invalidParameter('Direction is invalid. Only ASC or DESC are allowed');
  }
  if (sortField !== '' && !rules.fields.includes(sortField as Field)) {
    throw ArrowheadException.invalidParameter(
      `Sort field is invalid. Only the following are allowed: [${rules.fields.join(', ')}]`,
    );
  }

  return {
    page: page === null || page < 0 ? 0 : page,
    size: size === null || size < 1 ? maxPageSize : size,
    direction: direction === '' ? rules.defaultDirection : (direction.toUpperCase() as SortDirection),
    sortField: sortField === '' ? rules.defaultField : (sortField as Field),
  };
}


/**
 * One page of `query`, sorted by `sortColumn` (ties by `idColumn`, same direction), with the
 * total number of matches.
 */
export function fetchPage<Entity extends ObjectLiteral, Field extends string>(
  query: SelectQueryBuilder<Entity>,
  page: Page<Field>,
  sortColumn: string,
  idColumn: string,
): Promise<[Entity[], number]> {
  // Nulls (unset timestamps, definitions) sort first ascending, last descending.
  const nulls = page.direction === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST';
  return query
    .orderBy(sortColumn, page.direction, nulls)
    .addOrderBy(idColumn, page.direction)
    .skip(page.page * page.size)
    .take(page.size)
    .getManyAndCount();
}
