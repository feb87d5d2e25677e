import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../auth/principal';
import { OrganizationLimitsService } from './organization-limits.service';
import { rateLimitHeaders } from './rate-limit-headers';

/**
 * Runs after the API key guard (registered right after it): counts the call against its
 * organization's limits, sets the RateLimit-* headers, and refuses with RATE_LIMITED or
 * QUOTA_EXCEEDED. Public routes (no principal) are not counted here; the hosted page has its own.
 */
@Injectable()
export class OrganizationLimitsGuard implements CanActivate {
  constructor(private readonly limits: OrganizationLimitsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.principal) return true;
    const reply = context.switchToHttp().getResponse<FastifyReply>();

    const admission = await this.limits.admit(request.principal, request.method, request.routeOptions.url);
    void reply.headers(rateLimitHeaders(admission.rate));
    if (admission.refusal) throw admission.refusal;
    const refund = admission.refund;
    if (refund) {
      // Only answered verifications count: a refused or failed call gives its unit back.
      reply.raw.once('finish', () => {
        if (reply.statusCode >= 400) void refund();
      });
    }
    return true;
  }
}
