import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { QUEUES, redisConfig, RedisConfig } from '@app/core';
import { bullConnection } from './bull-connection';
import { JobQueue } from './job-queue';
import { QUEUES_BY_NAME, queuesByNameProvider } from './queues-by-name';
import { WebhookDispatcher } from './webhook-dispatcher';

/**
 * BullMQ for an application: `forProducer()` in the API (adds jobs and waits for them),
 * `forWorker()` in the worker (processors are registered by the worker's own modules).
 */
@Global()
@Module({})
export class QueueModule {
  static forProducer(): DynamicModule {
    return QueueModule.build('producer', [JobQueue, WebhookDispatcher]);
  }

  static forWorker(): DynamicModule {
    return QueueModule.build('worker', [JobQueue, WebhookDispatcher]);
  }

  private static build(role: 'producer' | 'worker', providers: (typeof JobQueue | typeof WebhookDispatcher)[]): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [redisConfig.KEY],
          useFactory: (config: RedisConfig) => ({ connection: bullConnection(config, role), prefix: config.prefix }),
        }),
        BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
      ],
      providers: [queuesByNameProvider, ...providers],
      exports: [BullModule, QUEUES_BY_NAME, ...providers],
    };
  }
}
