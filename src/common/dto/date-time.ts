// ISO-8601 instant as Java's ISO_INSTANT reads it (SPEC.md §8.3): `Z` or a numeric offset,
// optional fractional seconds. Anything looser (dates only, local times) is rejected.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/** Parses an Arrowhead DateTime; returns null when it is not one. */
export function parseDateTime(text: string): Date | null {
  const match = ISO_INSTANT.exec(text);
  if (!match) {
    return null;
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const calendarCheck = new Date(Date.UTC(year, month - 1, day));
  if (calendarCheck.getUTCMonth() !== month - 1 || calendarCheck.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  const millis = Number((match[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const offset = match[8].toUpperCase();
  const offsetMinutes =
    offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000);
}

/** UTC, whole seconds, `Z` (SPEC.md §8.3). */
export function formatDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
