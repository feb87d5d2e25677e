import { FastifyInstance, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { DomainError } from '@app/core';
import { declaredLength, discardRequestBody, payloadTooLarge } from './request-body';

/** JSON bodies nested deeper than this are refused before they are parsed (the contract's bodies need 3; metadata gets room). */
export const MAX_JSON_DEPTH = 32;

/**
 * A body that could not be read (malformed, too deep, too large). The parser hands it to the route
 * instead of failing the request, so the error is raised where the body is used: after the API key
 * is checked, and inside the services that record every call (face match, biometric check).
 */
export class UnreadableBody {
  constructor(readonly error: DomainError) {}
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: DomainError };

/** Depth of brackets outside strings, scanned without building anything; stops past `max`. */
function exceedsDepth(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** The path of the first `__proto__` key, or `constructor.prototype`, in a parsed body: keys that poison prototypes when merged. */
function forbiddenKeyPath(value: unknown): string | null {
  const pending: [unknown, string][] = [[value, '']];
  while (pending.length > 0) {
    const [current, path] = pending.pop() as [unknown, string];
    if (current === null || typeof current !== 'object') continue;
    for (const [key, item] of Object.entries(current)) {
      const at = Array.isArray(current) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (key === '__proto__') return at;
      if (key === 'constructor' && item !== null && typeof item === 'object' && Object.prototype.hasOwnProperty.call(item, 'prototype'))
        return `${at}.prototype`;
      pending.push([item, at]);
    }
  }
  return null;
}

/** Parses a JSON body, saying exactly what is wrong when it cannot be used. */
export function parseJsonBody(text: string, maxDepth = MAX_JSON_DEPTH): JsonParseResult {
  if (text.trim() === '')
    return { ok: false, error: DomainError.invalid('The body is empty but content-type is application/json: send a JSON object') };
  if (exceedsDepth(text, maxDepth)) {
    return { ok: false, error: DomainError.invalid(`The JSON body is nested deeper than ${maxDepth} levels`, { maxDepth }) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the input; only the position is kept (the body may hold an image or an id number).
    const position = /at position (\d+)/.exec((error as Error).message)?.[1];
    return { ok: false, error: DomainError.invalid(`The body is not valid JSON${position ? ` (error at character ${position})` : ''}`) };
  }
  const forbidden = forbiddenKeyPath(value);
  if (forbidden) {
    return {
      ok: false,
      error: DomainError.invalid(`The JSON body has the key "${forbidden}", which is not accepted (it would change object prototypes)`, {
        field: forbidden,
      }),
    };
  }
  return { ok: true, value };
}

/**
 * Replaces Fastify's JSON parser: the route's body limit is enforced while the body streams in (a
 * declared Content-Length over it is refused before reading), a refused body is discarded rather
 * than answered with a connection reset, and every failure becomes an UnreadableBody for the route.
 * Any other content type (multipart aside) reaches the handler with no body, which answers
 * INVALID_REQUEST (and audits the call) instead of Fastify's bare 415; its bytes are discarded.
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  fastify.addContentTypeParser('*', (_request, payload, done) => {
    void discardRequestBody(payload);
    done(null, undefined);
  });
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    (request: FastifyRequest, payload: Readable, done: (error: Error | null, body?: unknown) => void) => {
      const limit = request.routeOptions.bodyLimit ?? fastify.initialConfig.bodyLimit ?? 1024 * 1024;
      const declared = declaredLength(request.headers);
      if (declared !== null && declared > limit) {
        void discardRequestBody(payload);
        return done(null, new UnreadableBody(payloadTooLarge(limit)));
      }
      const chunks: Buffer[] = [];
      let received = 0;
      const onData = (chunk: Buffer) => {
        received += chunk.length;
        if (received <= limit) return void chunks.push(chunk);
        stop();
        chunks.length = 0;
        void discardRequestBody(payload);
        done(null, new UnreadableBody(payloadTooLarge(limit)));
      };
      const onEnd = () => {
        stop();
        const parsed = parseJsonBody(Buffer.concat(chunks).toString('utf8'));
        done(null, parsed.ok ? parsed.value : new UnreadableBody(parsed.error));
      };
      const onError = (error: Error) => {
        stop();
        done(error);
      };
      const stop = () => {
        payload.off('data', onData);
        payload.off('end', onEnd);
        payload.off('error', onError);
      };
      payload.on('data', onData);
      payload.on('end', onEnd);
      payload.on('error', onError);
    },
  );
}
