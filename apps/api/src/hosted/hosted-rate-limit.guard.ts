import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { DomainError } from '@app/core';
import { TokenBucketLimiter } from './rate-limiter';

/**
 * Rate limits of the hosted page's endpoints: per client IP (slows down token guessing) and per
 * session token (one person's page polls and uploads a handful of times).
 */
@Injectable()
export class HostedRateLimitGuard implements CanActivate {
  private readonly perIp = new TokenBucketLimiter({ capacity: 300, refillPerMinute: 300 });
  private readonly perToken = new TokenBucketLimiter({ capacity: 30, refillPerMinute: 20 });

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: { token?: string } }>>();
    const token = request.params.token ?? '';
    if (!this.perIp.take(request.ip) || (token !== '' && !this.perToken.take(token))) {
      throw new DomainError('RATE_LIMITED', 'Too many requests for this session; wait a minute and try again');
    }
    return true;
  }
}
