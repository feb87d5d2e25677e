import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { redisConfig, RedisConfig } from '@app/core';

export const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');

/**
 * Opens a Redis connection that fails fast instead of queueing commands while Redis is down, so a
 * caller (a health check, an enqueue) learns within a second that Redis is unreachable.
 */
export function createRedisConnection(config: RedisConfig, name: string): Redis {
  return new Redis(config.url, {
    connectionName: name,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CONNECTION,
      inject: [redisConfig.KEY],
      useFactory: (config: RedisConfig) => {
        const connection = createRedisConnection(config, 'kyc');
        const logger = new Logger('Redis');
        // ioredis reports every failed reconnect; the health check says whether Redis is usable.
        connection.on('error', (error: Error) => logger.warn(`redis: ${error.message}`));
        connection.connect().catch(() => undefined);
        return connection;
      },
    },
  ],
  exports: [REDIS_CONNECTION],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CONNECTION) private readonly connection: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
