import { ArrowheadException } from '../arrowhead/arrowhead.exception';

export interface InputBounds {
  /** Entries one list (or one map, e.g. the priority map) may have: MAX_BULK. */
  maxBulk: number;
}

const LONGEST_SHOWN_KEY = 40;

/** A client's map key as a readable, bounded path segment (control characters escaped). */
function segment(key: string): string {
  const shown = key.length > LONGEST_SHOWN_KEY ? `${key.slice(0, LONGEST_SHOWN_KEY)}…` : key;
  return shown.replace(/[\u0000-\u001f\u007f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Where a value sits in the input; the path text is only built for an error message. */
interface Position {
  parent: Position | null;
  /** A map key or a list index; the input's own name at the root. */
  step: string | number;
}

function pathOf(position: Position): string {
  let path = '';
  for (let current: Position | null = position; current !== null; current = current.parent) {
    const { step, parent } = current;
    path = typeof step === 'number' ? `[${step}]${path}` : parent === null || (parent.parent === null && parent.step === '') ? `${segment(step)}${path}` : `.${segment(step)}${path}`;
  }
  return path;
}

function where(position: Position): string {
  const path = pathOf(position);
  return path === '' ? 'the payload' : `'${path}'`;
}

/**
 * The bounds every request input meets before a request parser, a database statement or a log line
 * sees it, on both transports (issue 8):
 * - no list or map has more than MAX_BULK entries, so no statement can come near PostgreSQL's
 *   65,535 bind parameters and no parser loops over an unbounded list;
 * - no text (value or map key) holds a NUL, which PostgreSQL refuses in text columns and
 *   parameters alike (it would be a 500).
 * Iterative, so that the nesting depth of the input cannot exhaust the stack.
 */
export function checkInputBounds(input: unknown, bounds: InputBounds, name = ''): void {
  const pending: { value: object; position: Position }[] = [];
  // Texts are checked where they are met; only lists and maps wait on the stack (with their position).
  const visit = (value: unknown, parent: Position | null, step: string | number): void => {
    if (typeof value === 'string') {
      if (value.includes('\u0000')) throw ArrowheadException.invalidParameter(`Invalid character in ${where({ parent, step })}: NUL is not allowed`);
    } else if (value !== null && typeof value === 'object') {
      pending.push({ value, position: { parent, step } });
    }
  };
  visit(input, null, name);
  while (pending.length > 0) {
    const { value, position: parent } = pending.pop()!;
    if (Array.isArray(value)) {
      if (value.length > bounds.maxBulk) {
        throw ArrowheadException.invalidParameter(`Too many entries in ${where(parent)}: ${value.length}, at most ${bounds.maxBulk} are allowed`);
      }
      for (let step = 0; step < value.length; step++) visit(value[step], parent, step);
    } else {
      const keys = Object.keys(value);
      if (keys.length > bounds.maxBulk) {
        throw ArrowheadException.invalidParameter(`Too many entries in ${where(parent)}: ${keys.length}, at most ${bounds.maxBulk} are allowed`);
      }
      if (keys.some((key) => key.includes('\u0000'))) {
        throw ArrowheadException.invalidParameter(`Invalid character in a key of ${where(parent)}: NUL is not allowed`);
      }
      for (const step of keys) visit((value as Record<string, unknown>)[step], parent, step);
    }
  }
}
