import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ActiveApiKey, ApiKeyRepository } from '@app/audit';
import { DomainError, isUuid } from '@app/core';
import { PUBLIC_ROUTE, REQUIRED_ROLE } from './auth.decorators';
import { AuthenticatedRequest, Principal, Role } from './principal';

const ROLE_RANK: Record<Role, number> = { member: 1, admin: 2 };

/**
 * `Authorization: Bearer <apiKey>` plus `X-Organization-Id` when the key can act for several
 * organizations. Registered globally; routes opt out with `@Public()`.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request);
    const required = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets);
    if (required && ROLE_RANK[principal.role] < ROLE_RANK[required]) {
      throw new DomainError('FORBIDDEN', `This call needs the ${required} role; the key has ${principal.role}`);
    }
    request.principal = principal;
    return true;
  }

  private async authenticate(request: AuthenticatedRequest): Promise<Principal> {
    // Requests with a body had their key looked up before the body was read (authenticate-before-body.ts).
    const found = request.apiKey ?? (await findApiKey(this.apiKeys, request.headers.authorization));

    const membership = this.selectMembership(found.memberships, request.headers['x-organization-id']);
    void this.apiKeys.touchLastUsed(found.apiKeyId).catch(() => undefined);
    return { userId: found.userId, apiKeyId: found.apiKeyId, organizationId: membership.organizationId, role: membership.role };
  }

  private selectMembership(
    memberships: { organizationId: string; role: Role }[],
    header: string | string[] | undefined,
  ): { organizationId: string; role: Role } {
    const requested = Array.isArray(header) ? header[0] : header;
    if (requested) {
      if (!isUuid(requested)) throw DomainError.invalid('X-Organization-Id must be a UUID');
      const match = memberships.find((m) => m.organizationId === requested);
      if (!match) throw new DomainError('FORBIDDEN', 'This API key cannot act for the organization in X-Organization-Id');
      return match;
    }
    if (memberships.length === 1) return memberships[0];
    if (memberships.length === 0) throw new DomainError('UNAUTHORIZED', 'The API key belongs to no organization');
    throw DomainError.invalid('This API key can act for several organizations: send X-Organization-Id');
  }
}

/** The active key named by `Authorization: Bearer <apiKey>`, or UNAUTHORIZED. */
export async function findApiKey(apiKeys: ApiKeyRepository, authorization: string | undefined): Promise<ActiveApiKey> {
  const key = bearerToken(authorization);
  if (!key) throw new DomainError('UNAUTHORIZED', 'Send the API key as "Authorization: Bearer <apiKey>"');
  const found = await apiKeys.findActiveByKey(key);
  if (!found) throw new DomainError('UNAUTHORIZED', 'The API key is not valid or was revoked');
  return found;
}

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}
