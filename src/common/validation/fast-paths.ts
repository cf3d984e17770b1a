/**
 * Hand-written shape checks for the hottest inputs (issue 11: a pull validated at the cost of its
 * fields, not of reflection). A fast path returns the DTO exactly as the reflective validation
 * would (same classes, same coerced values, unknown fields absent), or undefined for anything it
 * does not recognise as plainly valid; then the reflective validation runs and words any error.
 * So a fast path can never change an answer, only skip work; its unit test holds it to that.
 */
type FastPath = (value: object) => object | undefined;

const fastPaths = new Map<unknown, FastPath>();

export function registerFastPath(metatype: abstract new () => object, check: FastPath): void {
  fastPaths.set(metatype, check);
}

export function fastPathFor(metatype: unknown): FastPath | undefined {
  return fastPaths.get(metatype);
}

/** An object literal (as JSON.parse makes them, from any realm): its prototype's prototype is null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype !== null && Object.getPrototypeOf(prototype) === null;
}

/** Whether every own key of `value` is one of `allowed`. */
export function onlyKeys(value: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const key in value) {
    if (!allowed.has(key)) return false;
  }
  return true;
}
