import { DomainError } from './domain-error';

/** What a 503 tells the client to wait when the cause gives no better estimate. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

/**
 * SERVICE_UNAVAILABLE with the seconds a client should wait before retrying (the `Retry-After`
 * header): the service is saturated or a dependency is down, and the same request may succeed later.
 */
export class ServiceUnavailableError extends DomainError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS) {
    super('SERVICE_UNAVAILABLE', message);
    this.name = 'ServiceUnavailableError';
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}
