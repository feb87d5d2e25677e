import { QueryFailedError } from 'typeorm';
import { DomainError } from '@app/core';

const UNIQUE_VIOLATION = '23505';

/** The repositories' guard before a query: a malformed id names no record. */

/**
 * Rethrows a unique violation of one of `fieldsByConstraint` (constraint or unique index name →
 * contract field name) as the contract's CONFLICT; any other error unchanged.
 */
export function rethrowUniqueViolation(error: unknown, fieldsByConstraint: Record<string, string>): never {
  if (error instanceof QueryFailedError) {
    const driverError = error.driverError as { code?: unknown; constraint?: unknown };
    const field = typeof driverError.constraint === 'string' ? fieldsByConstraint[driverError.constraint] : undefined;
    if (driverError.code === UNIQUE_VIOLATION && field) {
      throw new DomainError('CONFLICT', `${field} already exists in this organization`, { field });
    }
  }
  throw error;
}
