import { Readable } from 'node:stream';
import { FastifyInstance } from 'fastify';
import { DomainError } from '@app/core';

/**
 * How much of a refused body is read and thrown away before the connection is cut. Answering and
 * closing while the client is still sending makes its TCP stack see a reset, and most clients then
 * lose the answer: reading the rest lets a client that sent too much still get its 413. Past this
 * much, the sender is not a careless client, and the socket is destroyed.
 */
export const DISCARD_CAP_BYTES = 64 * 1024 * 1024;

/** "5 MB", "6.9 MB", "512 KB": sizes in messages a human reads. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function payloadTooLarge(limitBytes: number): DomainError {
  return new DomainError('PAYLOAD_TOO_LARGE', `The request body is larger than ${sizeText(limitBytes)}, the limit of this endpoint`, {
    limitBytes,
  });
}

/** The declared Content-Length, or null when the body is chunked (or the header is not a number). */
export function declaredLength(headers: Record<string, string | string[] | undefined>): number | null {
  const raw = headers['content-length'];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw !== undefined && Number.isFinite(value) ? value : null;
}

/** How long an answer waits for the rest of a refused body before it is sent anyway. */
export const DISCARD_WAIT_MS = 30_000;

const discarding = new WeakMap<Readable, Promise<void>>();

/**
 * Reads the rest of a body without keeping it (nothing is buffered) and resolves when it has all
 * come (or the stream closed); destroys the stream once `cap` more bytes have come.
 */
export function discardRequestBody(stream: Readable, cap = DISCARD_CAP_BYTES): Promise<void> {
  const already = discarding.get(stream);
  if (already) return already;
  if (stream.readableEnded || stream.destroyed) return Promise.resolve();
  const done = new Promise<void>((resolve) => {
    let discarded = 0;
    stream.unpipe();
    stream.on('data', (chunk: Buffer | string) => {
      discarded += chunk.length;
      if (discarded > cap) stream.destroy();
    });
    stream.once('end', () => resolve());
    stream.once('close', () => resolve());
    stream.on('error', () => resolve());
    stream.resume();
  });
  discarding.set(stream, done);
  return done;
}

/**
 * A refused body (too large, malformed multipart, an unknown key or session token) is not read: it
 * is discarded with the cap above, and the answer waits until the client has sent it (at most
 * DISCARD_WAIT_MS). Node closes a `Connection: close` socket as soon as the answer is written; with
 * bytes still arriving, the client sees a reset instead of its 413.
 */
export function discardUnreadBodies(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, _reply, payload) => {
    const raw = request.raw;
    const pending = discarding.get(raw) ?? (raw.complete || raw.readableFlowing !== null ? undefined : discardRequestBody(raw));
    if (pending) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([pending, new Promise<void>((resolve) => (timer = setTimeout(resolve, DISCARD_WAIT_MS).unref()))]);
      clearTimeout(timer);
    }
    return payload;
  });
}
