import { Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@app/core';

/** Why an audited call failed, as its `failed` row records it. */
export interface AttemptFailure {
  code: ErrorCode;
  /** The client's message for a contract error; a fixed sentence for anything else (the cause stays in the logs). */
  message: string;
}

export interface AuditedAttempt<Facts> {
  /** The call's request id, for the log line when even the failed row cannot be written. */
  requestId: string;
  /** What the call is ("face match", "liveness check"), for messages. */
  what: string;
  /** What the failed row says when the call fails before learning more. */
  facts: Facts;
  /** Writes the call's `failed` row. */
  recordFailure: (facts: Facts, failure: AttemptFailure) => Promise<unknown>;
  /** Told of every failure before it is recorded (metrics). */
  onFailure?: () => void;
}

function failureOf(error: unknown, what: string): AttemptFailure {
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  return { code: 'VERIFICATION_FAILED', message: `The ${what} could not be completed (internal error)` };
}

const logger = new Logger('AuditTrail');

/**
 * Runs one audited call, the rule every audited endpoint shares (face match, biometric check,
 * liveness, ID verification): the contract stores every authenticated call, failures included. `work`
 * reports what it learns (`learn({ entityId })`) so a failure is recorded with everything known by
 * then; the failed row is written and the original error rethrown. A failed row that cannot be
 * written is logged: the client still gets its own error, not ours.
 */
export async function runAudited<Facts extends object, T>(
  attempt: AuditedAttempt<Facts>,
  work: (learn: (more: Partial<Facts>) => void) => T | Promise<T>,
): Promise<T> {
  let facts = attempt.facts;
  try {
    return await work((more) => {
      facts = { ...facts, ...more };
    });
  } catch (error) {
    attempt.onFailure?.();
    try {
      await attempt.recordFailure(facts, failureOf(error, attempt.what));
    } catch (auditError) {
      logger.error(`request ${attempt.requestId}: could not record the failed ${attempt.what}: ${(auditError as Error).message}`);
    }
    throw error;
  }
}
