import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { redisConfig, RedisConfig } from '@app/core';
import { REDIS_CONNECTION } from '@app/queue';

/** Longer than any upload and decision may take; the lock is released in `finally` long before. */
const LOCK_TTL_MS = 5 * 60 * 1000;
const RELEASE_IF_OURS = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * One upload at a time per hosted session, across every API replica: a Redis key per validation id
 * (`SET NX PX`, nothing but the id in it), released by its holder only. A second upload arriving
 * meanwhile, on any replica, is refused. When Redis cannot be reached the process's own set still
 * guards its uploads (the session's transitions in PostgreSQL stay the final word either way).
 */
@Injectable()
export class HostedUploadLock {
  private readonly logger = new Logger(HostedUploadLock.name);
  private readonly local = new Set<string>();

  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    @Inject(redisConfig.KEY) private readonly config: RedisConfig,
  ) {}

  /** A release function when this call holds the session's upload, `null` when another does. */
  async claim(validationId: string): Promise<(() => Promise<void>) | null> {
    if (this.local.has(validationId)) return null;
    this.local.add(validationId);
    const key = `${this.config.prefix}:hosted-upload:${validationId}`;
    const holder = randomUUID();
    let shared = false;
    try {
      shared = (await this.redis.set(key, holder, 'PX', LOCK_TTL_MS, 'NX')) === 'OK';
      if (!shared) {
        this.local.delete(validationId);
        return null;
      }
    } catch (error) {
      this.logger.warn(`session ${validationId}: upload guarded in this process only (Redis: ${(error as Error).message})`);
    }
    return async () => {
      this.local.delete(validationId);
      if (shared) await this.redis.eval(RELEASE_IF_OURS, 1, key, holder).catch(() => undefined); // expires on its own otherwise
    };
  }
}
