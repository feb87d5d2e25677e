import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import type { ActiveApiKey } from '@app/audit';

export type Role = 'admin' | 'member';

/** Who is calling, for which organization, resolved by the API key guard. */
export interface Principal {
  userId: string;
  apiKeyId: string;
  organizationId: string;
  role: Role;
}

export interface AuthenticatedRequest extends FastifyRequest {
  principal?: Principal;
  /** The key, when it was looked up before the body was read. */
  apiKey?: ActiveApiKey;
}

/** Injects the authenticated principal into a handler parameter. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return request.principal;
});
