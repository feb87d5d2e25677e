import { DomainError } from '@app/core';

/** The registry call that failed, for logs and for deciding which step to repeat. */
export type RenaperOperation = 'token' | 'person_data' | 'person_validity' | 'face_submit' | 'face_result';

/**
 * A call to the registry that did not produce an answer we can use. Outcomes the registry gives
 * (not found, no match, deceased...) are results, never these. `reason` is short and safe to log:
 * it never holds the image, a full DNI, a URL (its query string holds the DNI) or a credential.
 */
export abstract class RenaperError extends DomainError {
  abstract readonly transient: boolean;

  protected constructor(
    code: 'SERVICE_UNAVAILABLE' | 'VERIFICATION_FAILED',
    readonly operation: RenaperOperation,
    readonly reason: string,
    readonly httpStatus: number | null,
  ) {
    super(code, `RENAPER ${operation}: ${reason}`, { operation, httpStatus });
  }
}

/** The registry is down, slow, overloaded or unreachable: retry later with backoff. */
export class RenaperTransientError extends RenaperError {
  readonly transient = true;

  constructor(operation: RenaperOperation, reason: string, httpStatus: number | null = null) {
    super('SERVICE_UNAVAILABLE', operation, reason, httpStatus);
    this.name = 'RenaperTransientError';
  }
}

/**
 * Retrying will not help (bad credentials, address not allow-listed, a request the registry
 * refuses, an answer we cannot read): stop and report.
 */
export class RenaperPermanentError extends RenaperError {
  readonly transient = false;

  constructor(operation: RenaperOperation, reason: string, httpStatus: number | null = null) {
    super('VERIFICATION_FAILED', operation, reason, httpStatus);
    this.name = 'RenaperPermanentError';
  }
}
