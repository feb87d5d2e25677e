/** A UUID of any version, in its canonical 8-4-4-4-12 hex form (either case). */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids arrive from URLs and headers; a malformed one names no record (and PostgreSQL would reject it with an error). */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
