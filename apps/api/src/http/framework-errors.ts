import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@app/core';
import { mapError } from './error-response';

/** find-my-way's default: a path parameter (an id, a hosted session token) longer than this is not routed. */
export const MAX_PATH_PARAM_LENGTH = 100;

const ROUTING_MESSAGES: Record<string, string> = {
  FST_ERR_MAX_PARAM_LENGTH: `A path segment (an id or a session token) is longer than ${MAX_PATH_PARAM_LENGTH} characters`,
  FST_ERR_BAD_URL: 'The URL is malformed (a "%" that does not start a valid percent-encoding)',
};

/**
 * Fastify's `frameworkErrors`: errors raised while routing, before any hook runs (so before the
 * request id header is set), answered in the contract's shape. The path is not echoed: it may hold
 * a hosted session token.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = ROUTING_MESSAGES[error.code];
  const mapped = mapError(known ? DomainError.invalid(known) : error);
  void reply
    .status(mapped.status)
    .header('x-request-id', request.id)
    .header('content-type', 'application/json; charset=utf-8')
    .send({ ...mapped.body, requestId: request.id });
}

const CLIENT_ERROR_MESSAGES: Record<string, string> = {
  HPE_HEADER_OVERFLOW: 'The request headers are too large',
  ERR_HTTP_REQUEST_TIMEOUT: 'The request was not received completely in time',
};

/**
 * Fastify's `clientErrorHandler`: requests Node's HTTP parser refuses (malformed request line or
 * headers, headers too large, too slow) never reach Fastify; they still get the contract's body.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const requestId = randomUUID();
    const message = CLIENT_ERROR_MESSAGES[error.code ?? ''] ?? 'The request is not valid HTTP';
    const body = JSON.stringify({ code: 'INVALID_REQUEST', message, requestId });
    socket.write(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
