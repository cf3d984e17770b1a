import { ArrowheadException } from '../arrowhead/arrowhead.exception';
import { splitInstanceId } from './name-normalizer';

const MAX_NAME_LENGTH = 63;
const MAX_VERSION_LENGTH = 14;
const SYSTEM_NAME = /^([A-Z]|[A-Z][0-9A-Za-z]+)$/;
const SERVICE_DEFINITION = /^([a-z]|[a-z][0-9A-Za-z]+)$/;
// Java's UUID.fromString also takes shortened groups (`1-2-3-4-5`), left-padded with zeros.
const LENIENT_UUID = /^([0-9a-f]{1,8})-([0-9a-f]{1,4})-([0-9a-f]{1,4})-([0-9a-f]{1,4})-([0-9a-f]{1,12})$/i;
const GROUP_LENGTHS = [8, 4, 4, 4, 12];

/** The canonical lower-case form of a UUID as Java's UUID.fromString reads it, or null. */
export function canonicalUuid(text: string): string | null {
  const match = LENIENT_UUID.exec(text);
  if (!match) {
    return null;
  }
  return match
    .slice(1)
    .map((group, index) => group.toLowerCase().padStart(GROUP_LENGTHS[index], '0'))
    .join('-');
}

/** The canonical form of a UUID as sent (trimmed), or a 400 with `invalidText(the trimmed text)`. */
export function requireUuid(text: string, invalidText: (trimmed: string) => string): string {
  const trimmed = text.trim();
  const canonical = canonicalUuid(trimmed);
  if (canonical === null) {
    throw ArrowheadException.invalidParameter(invalidText(trimmed));
  }
  return canonical;
}

/**
 * A list of UUIDs in canonical form, in order, or a 400 on the first element that is not one:
 * `missingText` for a null or blank element when given (otherwise such an element is just
 * invalid), `invalidText(the element as text, trimmed)` for anything else that is no UUID.
 */
export function canonicalUuids(values: readonly unknown[], invalidText: (text: string) => string, missingText?: string): string[] {
  return values.map((value) => {
    if (missingText !== undefined && (value === null || value === undefined || (typeof value === 'string' && value.trim() === ''))) {
      throw ArrowheadException.invalidParameter(missingText);
    }
    if (typeof value !== 'string') throw ArrowheadException.invalidParameter(invalidText(String(value)));
    return requireUuid(value, invalidText);
  });
}

/**
 * The caller's name as the auth guard established it (normalized), held to the system-name
 * convention: a caller may authenticate under a name no operation accepts.
 */
export function requesterName(requester: string): string {
  NamingValidator.systemName(requester);
  return requester;
}

function conforms(pattern: RegExp, name: string | null | undefined): name is string {
  return typeof name === 'string' && name.length <= MAX_NAME_LENGTH && pattern.test(name);
}

/** Naming conventions of SPEC.md §8.1, checked on normalized values; messages are the wire texts. */
export const NamingValidator = {
  systemName(name: string | null | undefined): void {
    if (!conforms(SYSTEM_NAME, name)) {
      throw ArrowheadException.invalidParameter(`The specified system name does not match the naming convention: ${name ?? null}`);
    }
  },

  serviceDefinition(name: string | null | undefined): void {
    if (!conforms(SERVICE_DEFINITION, name)) {
      throw ArrowheadException.invalidParameter(
        `The specified service definition name does not match the naming convention: ${name ?? null}`,
      );
    }
  },

  version(version: string): void {
    const prefix = 'Version verification failure: ';
    if (version.length > MAX_VERSION_LENGTH) {
      throw ArrowheadException.invalidParameter(`${prefix}version is too long`);
    }
    const chunks = version.split('.');
    if (chunks.length !== 3) {
      throw ArrowheadException.invalidParameter(`${prefix}version must contain exactly 2 separator . characters`);
    }
    if (chunks.some((chunk) => chunk === '')) {
      throw ArrowheadException.invalidParameter(`${prefix}version must contain exactly 3 numbers`);
    }
    if (chunks.some((chunk) => !/^\d+$/.test(chunk))) {
      throw ArrowheadException.invalidParameter(
        `${prefix}the version should only contain numbers and separator . characters`,
      );
    }
  },

  serviceInstanceId(id: string | null | undefined): void {
    const parts = typeof id === 'string' && id.trim() !== '' ? splitInstanceId(id) : [];
    if (parts.length !== 3) {
      throw ArrowheadException.invalidParameter(
        `The specified service instance identifier does not match the naming convention: ${id ?? null}`,
      );
    }
    NamingValidator.systemName(parts[0]);
    NamingValidator.serviceDefinition(parts[1]);
    NamingValidator.version(parts[2]);
  },

  /** Whether a (normalized) name passes the system-name convention, without throwing. */
  isSystemName(name: string | null | undefined): name is string {
    return conforms(SYSTEM_NAME, name);
  },
};
