import { DomainError } from '@app/core';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id cannot name a record of this organization: NOT_FOUND, like any other unknown id. */
export function recordId(id: string, what: string): string {
  if (!UUID_PATTERN.test(id)) throw DomainError.notFound(`${what} ${id}`);
  return id;
}
