import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, DECORATORS, getSchemaPath } from '@nestjs/swagger';
import { ERROR_CODES, ERROR_HTTP_STATUS, ErrorCode } from '@app/core';
import { ErrorResponseDto } from './error-response.dto';

/** An HTTP status the contract's error table uses. */
export type ErrorStatus = (typeof ERROR_HTTP_STATUS)[ErrorCode];

const WHEN: Record<ErrorStatus, string> = {
  400: 'The request or one of its fields is not valid; the message names the field and the reason',
  401: 'No API key, or a key that is not valid or was revoked',
  403: "The key's role is too low, or the integration the call needs is off, not configured, or out of quota",
  404: "The record does not exist, or belongs to another organization (never FORBIDDEN for another organization's record)",
  409: "The record's state or another call's work does not allow this now; the message says which",
  413: 'The request body is larger than the limit of this endpoint',
  429: 'Too many requests; retry after the seconds in Retry-After',
  500: 'An unexpected failure on our side; retry, and quote the request id if it persists',
  503: 'A dependency (database, Redis, face engine) is unavailable or the process is saturated; retry after the seconds in Retry-After',
};

/** Answers that tell the client when to come back. */
const RETRY_AFTER: ErrorStatus[] = [429, 503];

function codesFor(status: ErrorStatus): ErrorCode[] {
  return ERROR_CODES.filter((code) => ERROR_HTTP_STATUS[code] === status);
}

function errorResponse(status: ErrorStatus) {
  const codes = codesFor(status);
  return ApiResponse({
    status,
    description: `${codes.join(', ')}: ${WHEN[status]}`,
    // `content` rather than `type`: the error body is JSON even on routes that produce images.
    content: {
      'application/json': {
        schema: {
          allOf: [{ $ref: getSchemaPath(ErrorResponseDto) }, { type: 'object', properties: { code: { type: 'string', enum: codes } } }],
        },
      },
    },
    ...(RETRY_AFTER.includes(status) && {
      headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } } },
    }),
  });
}

/**
 * Documents the error answers of an operation (or of every operation of a controller) with the
 * contract's error body, one response per status, each naming the codes it can carry:
 * `@ApiErrorResponses(400, 401, 404)`.
 */
export function ApiErrorResponses(...statuses: ErrorStatus[]): ClassDecorator & MethodDecorator {
  return applyDecorators(ApiExtraModels(ErrorResponseDto), ...statuses.map(errorResponse));
}

/** The errors every route behind the API key guard can answer: the key and organization checks, the limits, saturation, an unexpected failure. */
export const ApiKeyRouteErrors = (): ClassDecorator & MethodDecorator => ApiErrorResponses(400, 401, 403, 429, 500, 503);

/** Documents the routes as needing no credentials (`security: []`), overriding the document's bearer requirement. */
export const ApiNoSecurity = (): ClassDecorator & MethodDecorator => SetMetadata(DECORATORS.API_SECURITY, []);
