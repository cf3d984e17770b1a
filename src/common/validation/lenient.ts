import { Transform, plainToInstance, ClassConstructor } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { IsInt, Max, Min, registerDecorator, validateSync, ValidationArguments, ValidationOptions } from 'class-validator';

// Jackson (the reference's JSON reader) coerces numeric strings to numbers and "true"/"false" to
// booleans (SPEC.md §3); these transforms give clients of the reference the same leniency.

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
const UNSIGNED_INTEGER_TEXT = /^\s*\d+\s*$/;

/**
 * The whole number a text spells (digits, blanks around them allowed; a sign unless `signed` is
 * false), or undefined for anything else.
 */
export function integerText(value: unknown, { signed = true } = {}): number | undefined {
  return typeof value === 'string' && (signed ? INTEGER_TEXT : UNSIGNED_INTEGER_TEXT).test(value) ? Number(value) : undefined;
}

/** A string of digits (optionally signed and padded) as the number it spells; anything else as it is. */
export function integerFromText(value: unknown): unknown {
  return integerText(value) ?? value;
}

export function LenientInt(): PropertyDecorator {
  return Transform(({ value }) => integerFromText(value));
}

/** Absent, or only whitespace: what the spec calls a missing or empty value. */
export const isBlank = (value: string | null | undefined): boolean => value === null || value === undefined || value.trim() === '';

/** A JSON integer that fits PostgreSQL's `integer` (priorities are 32-bit, SPEC.md §8.3). */
export const INT32_MAX = 2_147_483_647;
export const INT32_MIN = -INT32_MAX - 1;

/** A JSON integer, or a text spelling one, that fits PostgreSQL's `integer`; otherwise undefined. */
export function int32From(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : integerText(value);
  return number !== undefined && Number.isInteger(number) && number >= INT32_MIN && number <= INT32_MAX ? number : undefined;
}

export function Int32(): PropertyDecorator {
  return applyDecorators(LenientInt(), IsInt(), Min(INT32_MIN), Max(INT32_MAX));
}

type ElementKind = 'string' | 'integer';

const ELEMENT_CHECKS: Record<ElementKind, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  integer: (value) => typeof value === 'number' && Number.isSafeInteger(value),
};

/**
 * A JSON array of scalars. Null elements pass: the operation's request parser reports them with
 * its specific text ("... list contains empty element"). Integer elements may come as numeric strings.
 */
export function ListOf(kind: ElementKind, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    if (kind === 'integer') {
      Transform(({ value }) => (Array.isArray(value) ? value.map(integerFromText) : value))(target, propertyName);
    }
    registerDecorator({
      name: 'listOf',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: (args: ValidationArguments) => `${args.property} must be an array of ${kind}s`, ...options },
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) && value.every((element) => element === null || ELEMENT_CHECKS[kind](element)),
      },
    });
  };
}

/**
 * A JSON array of objects of `type`, each validated (and stripped of unknown fields) like a
 * top-level DTO. Null elements pass for the same reason as in {@link ListOf}.
 */
export function ListOfObjects<T extends object>(type: () => ClassConstructor<T>, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    Transform(({ value }) =>
      Array.isArray(value)
        ? value.map((element) =>
            element !== null && typeof element === 'object' && !Array.isArray(element) ? plainToInstance(type(), element) : element,
          )
        : value,
    )(target, propertyName);
    let failure = '';
    registerDecorator({
      name: 'listOfObjects',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: (args: ValidationArguments) => `${args.property} ${failure}`, ...options },
      validator: {
        validate: (value: unknown) => {
          if (!Array.isArray(value)) {
            failure = 'must be an array';
            return false;
          }
          for (const [index, element] of value.entries()) {
            if (element === null) continue;
            if (!(element instanceof type())) {
              failure = `[${index}] must be an object`;
              return false;
            }
            const errors = validateSync(element, { whitelist: true });
            if (errors.length > 0) {
              failure = `[${index}].${Object.values(errors[0].constraints ?? {})[0] ?? errors[0].property + ' is invalid'}`;
              return false;
            }
          }
          return true;
        },
      },
    });
  };
}

type MapValueKind = 'boolean' | 'string';

/** Jackson's coercions for map values: "true"/"false" for booleans, scalars as text for strings. */
const COERCE_MAP_VALUE: Record<MapValueKind, (value: unknown) => unknown> = {
  boolean: (value) => {
    const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
    return text === 'true' ? true : text === 'false' ? false : value;
  },
  string: (value) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value),
};

/**
 * A JSON object mapping names to values of one kind (orchestration flags → booleans, notify
 * properties → strings). Null values pass, for the operation's own "contains null value" text.
 */
export function MapOf(kind: MapValueKind): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    Transform(({ value }) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, entry]) => [key, COERCE_MAP_VALUE[kind](entry)]))
        : value,
    )(target, propertyName);
    registerDecorator({
      name: 'mapOf',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must map names to ${kind}s` },
      validator: {
        validate: (value: unknown) =>
          value !== null &&
          typeof value === 'object' &&
          !Array.isArray(value) &&
          Object.values(value as Record<string, unknown>).every((entry) => entry === null || typeof entry === kind),
      },
    });
  };
}
