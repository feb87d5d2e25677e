import { FastifyInstance } from 'fastify';
import { ApiKeyRepository } from '@app/audit';
import { findApiKey } from './api-key.guard';
import { AuthenticatedRequest } from './principal';

function carriesBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/**
 * Every /api route needs an API key, and the global guard checks it only after Fastify has read and
 * parsed the body: a stranger could make the server read megabytes. This hook looks the key up
 * first for requests that carry a body (an unknown key: 401, and the body is discarded unread);
 * the guard reuses the lookup and still decides the organization and the role.
 */
export function authenticateBeforeBody(fastify: FastifyInstance, apiKeys: ApiKeyRepository): void {
  fastify.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') || !carriesBody(request.headers)) return;
    (request as AuthenticatedRequest).apiKey = await findApiKey(apiKeys, request.headers.authorization);
  });
}
