import { FastifyInstance } from 'fastify';
import { DEFAULT_RETRY_AFTER_SECONDS } from '@app/core';

/**
 * Shutting down with keep-alive clients: `server.close()` stops accepting and ends the connections
 * idle at that moment, but a connection whose request is still running would be kept alive after
 * its answer and hold the close open until the idle timeout. So, once draining, every answer says
 * `Connection: close` (the socket ends after it), a request arriving on a kept-alive connection is
 * refused with 503 SERVICE_UNAVAILABLE, and the returned function resolves once the last connection
 * has ended. Call it before closing the application, whose modules the running requests still use.
 */
export function drainHttpOnShutdown(fastify: FastifyInstance): () => Promise<void> {
  let draining = false;
  fastify.addHook('onRequest', async (request, reply) => {
    if (!draining) return;
    await reply
      .status(503)
      .header('connection', 'close')
      .header('retry-after', String(DEFAULT_RETRY_AFTER_SECONDS))
      .header('content-type', 'application/json; charset=utf-8')
      .send({
        code: 'SERVICE_UNAVAILABLE',
        message: 'The service is shutting down; retry on another instance or shortly',
        requestId: request.id,
      });
  });
  fastify.addHook('onSend', async (_request, reply) => {
    if (draining) reply.header('connection', 'close');
  });
  return () =>
    new Promise<void>((resolve) => {
      draining = true;
      if (!fastify.server.listening) return resolve();
      fastify.server.close(() => resolve());
      fastify.server.closeIdleConnections();
    });
}
