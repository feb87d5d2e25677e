import { createHash } from 'node:crypto';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, limitsConfig, LimitsConfig } from '@app/core';
import { LimitDecision, LimiterStore, LimitWindow } from '../limits/limiter-store';
import { rateLimitHeaders, tightest } from '../limits/rate-limit-headers';

/**
 * Rate limits of the hosted page's endpoints, counted in Redis so they hold across API processes:
 * per client IP (slows down token guessing; the IP is the socket's unless TRUST_PROXY names the
 * proxy in front) and per session token (one person's page polls and uploads a handful of times).
 * With Redis unreachable they fail open, like the API's limits.
 */
@Injectable()
export class HostedRateLimitGuard implements CanActivate {
  private readonly perIp: LimitWindow;
  private readonly perToken: LimitWindow;

  constructor(
    private readonly store: LimiterStore,
    @Inject(limitsConfig.KEY) config: LimitsConfig,
  ) {
    this.perIp = { name: 'hosted-ip', points: config.hostedPerIpPerMinute, durationSeconds: 60 };
    this.perToken = { name: 'hosted-token', points: config.hostedPerTokenPerMinute, durationSeconds: 60 };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: { token?: string } }>>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const token = request.params.token ?? '';
    const decisions: LimitDecision[] = [await this.store.consume(this.perIp, request.ip)];
    // The token is a credential: Redis sees only its digest.
    if (token !== '' && decisions[0].kind !== 'refused') decisions.push(await this.store.consume(this.perToken, digest(token)));

    const shown = tightest(decisions);
    void reply.headers(rateLimitHeaders(shown));
    if (shown.kind === 'refused') {
      throw new DomainError('RATE_LIMITED', 'Too many requests for this session; wait a minute and try again');
    }
    return true;
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
