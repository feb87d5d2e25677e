import { DomainError, isUuid } from '@app/core';

/** A malformed id cannot name a record of this organization: NOT_FOUND, like any other unknown id. */
export function recordId(id: string, what: string): string {
  if (!isUuid(id)) throw DomainError.notFound(`${what} ${id}`);
  return id;
}
