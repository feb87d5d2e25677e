import { FastifyInstance } from 'fastify';
import { ApiMetrics } from './api-metrics';

/**
 * Times every response by its route pattern (`/api/entities/:id`, never the URL itself, which may
 * carry ids or a session token); a request no route matched is counted as `unmatched`.
 */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: ApiMetrics): void {
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
}
