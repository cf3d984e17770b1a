/** The deepest nesting of arrays and objects accepted in a request (HTTP body or MQTT payload). */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether `value` nests arrays/objects more than `limit` levels deep (a bare array or object is
 * one level). Iterative, so that the check itself cannot overflow the stack the way the
 * recursive validators and serializers behind it would.
 */
export function jsonDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

export const JSON_TOO_DEEP_MESSAGE = `Could not parse payload. Reason: JSON is nested deeper than ${MAX_JSON_DEPTH} levels`;
