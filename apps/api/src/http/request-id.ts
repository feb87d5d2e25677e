import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';

const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Fastify `genReqId`: reuse the caller's `X-Request-Id` when it is well formed (so a client can
 * follow its own id through our logs), otherwise mint one.
 */
export function requestIdFor(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate && WELL_FORMED.test(candidate) ? candidate : randomUUID();
}
