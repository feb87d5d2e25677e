import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { redisConfig, RedisConfig } from '@app/core';
import { REDIS_CONNECTION } from '@app/queue';

/** One counted allowance: `points` per `durationSeconds`, under its own Redis key space. */
export interface LimitWindow {
  /** Key space (`<REDIS_PREFIX>:limits:<name>:<key>`). */
  name: string;
  points: number;
  durationSeconds: number;
}

/** What a counter said: the allowance, what is left and when it resets, or that Redis could not be asked. */
export type LimitDecision =
  { kind: 'allowed' | 'refused'; limit: number; remaining: number; consumed: number; resetMs: number } | { kind: 'unavailable' };

/** Beyond this many distinct windows (organizations with their own limits) the cache starts over. */
const MAX_LIMITERS = 1000;
/** A Redis outage is reported at most this often, not once per request. */
const OUTAGE_LOG_INTERVAL_MS = 30_000;

/**
 * The counters behind every limit (API requests, monthly verifications, the hosted page), kept in
 * Redis with rate-limiter-flexible's atomic script so they hold across API processes. Callers
 * decide what an unreachable Redis means for them; this store only reports it (and logs it).
 */
@Injectable()
export class LimiterStore {
  private readonly logger = new Logger('Limits');
  private readonly limiters = new Map<string, RateLimiterRedis>();
  private lastOutageLog = 0;

  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    @Inject(redisConfig.KEY) private readonly config: RedisConfig,
  ) {}

  /**
   * Counts `points` against `key`. `expiresInSeconds` sets the lifetime of a counter this call
   * creates (a monthly quota ends with the month, whatever the window's nominal duration).
   */
  async consume(window: LimitWindow, key: string, points = 1, expiresInSeconds?: number): Promise<LimitDecision> {
    const options = expiresInSeconds === undefined ? {} : { customDuration: Math.max(1, Math.ceil(expiresInSeconds)) };
    try {
      return decision('allowed', window, await this.limiter(window).consume(key, points, options));
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return decision('refused', window, outcome);
      this.reportOutage(outcome);
      return { kind: 'unavailable' };
    }
  }

  /** Gives back points counted for work that was not done (a refused or failed verification). */
  async refund(window: LimitWindow, key: string, points = 1): Promise<void> {
    try {
      await this.limiter(window).reward(key, points);
    } catch (error) {
      this.reportOutage(error);
    }
  }

  private limiter(window: LimitWindow): RateLimiterRedis {
    const id = `${window.name}:${window.points}:${window.durationSeconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      if (this.limiters.size >= MAX_LIMITERS) this.limiters.clear();
      limiter = new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${this.config.prefix}:limits:${window.name}`,
        points: window.points,
        duration: window.durationSeconds,
        // Answer at once while Redis is away instead of waiting for a reconnect.
        rejectIfRedisNotReady: true,
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  private reportOutage(error: unknown): void {
    const now = Date.now();
    if (now - this.lastOutageLog < OUTAGE_LOG_INTERVAL_MS) return;
    this.lastOutageLog = now;
    this.logger.warn(`limits are not enforced: Redis is unreachable (${error instanceof Error ? error.message : String(error)})`);
  }
}

function decision(kind: 'allowed' | 'refused', window: LimitWindow, res: RateLimiterRes): LimitDecision {
  return {
    kind,
    limit: window.points,
    remaining: Math.max(0, window.points - res.consumedPoints),
    consumed: res.consumedPoints,
    resetMs: res.msBeforeNext,
  };
}
