import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { redisConfig, RedisConfig } from '@app/core';
import { createRedisConnection, REDIS_CONNECTION } from '@app/queue';
import { OpenedTemplateCache } from './opened-template-cache';

/**
 * Tells every API replica to drop an erased entity's opened templates from memory now (Redis
 * pub/sub; the message is the entity id, nothing biometric). Correctness does not depend on it: a
 * Biometric Check reads which templates exist from PostgreSQL on every call, so a lost message only
 * leaves bytes no check can use until that replica reads the entity again or the entry expires.
 */
@Injectable()
export class TemplateCacheBroadcast implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TemplateCacheBroadcast.name);
  private readonly channel: string;
  private subscriber: Redis | null = null;

  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    @Inject(redisConfig.KEY) private readonly config: RedisConfig,
    private readonly cache: OpenedTemplateCache,
  ) {
    this.channel = `${config.prefix}:opened-templates:forget`;
  }

  onModuleInit(): void {
    const subscriber = createRedisConnection(this.config, 'kyc-template-cache');
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined); // the health check reports Redis; ioredis reconnects and resubscribes
    subscriber.on('message', (channel: string, entityId: string) => {
      if (channel === this.channel) this.cache.forgetEntity(entityId);
    });
    subscriber
      .connect()
      .then(() => subscriber.subscribe(this.channel))
      .catch((error: Error) => this.logger.warn(`template cache broadcast not subscribed yet: ${error.message}`));
  }

  /** This process forgets at once; the others when the message reaches them. */
  async forgetEverywhere(entityId: string): Promise<void> {
    this.cache.forgetEntity(entityId);
    try {
      await this.redis.publish(this.channel, entityId);
    } catch (error) {
      this.logger.warn(
        `entity ${entityId}: other replicas will drop its opened templates on their next read (publish failed: ${(error as Error).message})`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}
