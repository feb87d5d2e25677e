import { HttpException } from '@nestjs/common';
import { isDatabaseUnavailable } from '@app/audit';
import { DEFAULT_RETRY_AFTER_SECONDS, DomainError, ERROR_HTTP_STATUS, ErrorCode, ServiceUnavailableError } from '@app/core';

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  requestId: string;
  details?: Record<string, unknown>;
}

export interface MappedError {
  status: number;
  body: Omit<ErrorBody, 'requestId'>;
  /** True when the error is ours, not the client's: it is logged with its stack. */
  unexpected: boolean;
  /** Seconds for the `Retry-After` header of a 503. */
  retryAfterSeconds?: number;
}

/** Codes for the 4xx statuses Fastify and Nest raise on their own (routing, body parsing, limits). */
const CODE_FOR_CLIENT_STATUS: Record<number, ErrorCode> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  406: 'INVALID_REQUEST',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'INVALID_REQUEST',
  429: 'RATE_LIMITED',
};

function fromStatus(status: number, message: string, details?: Record<string, unknown>): MappedError {
  const code = CODE_FOR_CLIENT_STATUS[status] ?? (status >= 400 && status < 500 ? 'INVALID_REQUEST' : undefined);
  if (code) return { status: ERROR_HTTP_STATUS[code], body: { code, message, details }, unexpected: false };
  if (status === 503)
    return { status, body: { code: 'SERVICE_UNAVAILABLE', message }, unexpected: false, retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS };
  return unexpectedError();
}

function unexpectedError(): MappedError {
  return {
    status: 500,
    body: { code: 'VERIFICATION_FAILED', message: 'The request could not be completed; retry, and quote the request id if it persists' },
    unexpected: true,
  };
}

function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/**
 * The single code → HTTP table of the service, shared by the Nest exception filter and Fastify's
 * own error handler (errors raised before a route handler runs, such as a malformed JSON body).
 */
export function mapError(error: unknown): MappedError {
  if (error instanceof DomainError) {
    const status = ERROR_HTTP_STATUS[error.code];
    return {
      status,
      body: { code: error.code, message: error.message, details: error.details },
      unexpected: error.code === 'VERIFICATION_FAILED',
      ...(status === 503 && {
        retryAfterSeconds: error instanceof ServiceUnavailableError ? error.retryAfterSeconds : DEFAULT_RETRY_AFTER_SECONDS,
      }),
    };
  }
  // The database down or restarting is not a failed verification: the same call works once it is back.
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      body: { code: 'SERVICE_UNAVAILABLE', message: 'The database is unreachable; retry in a few seconds' },
      unexpected: false,
      retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS,
    };
  }
  if (error instanceof HttpException) {
    return fromStatus(error.getStatus(), httpExceptionMessage(error));
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return fromStatus(status, (error as Error).message);
  }
  return unexpectedError();
}
