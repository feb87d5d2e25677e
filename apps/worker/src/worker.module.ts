import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DiscoveryModule } from '@nestjs/core';
import Redis from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import { CONFIG_NAMESPACES, httpConfig, HttpConfig, logTransport, redactingLogHooks, validateEnvironment } from '@app/core';
import { AuditModule } from '@app/audit';
import { QueueModule, REDIS_CONNECTION, RedisModule } from '@app/queue';
import { Clock, SessionModule } from '@app/session';
import { StorageModule } from '@app/storage';
import { JobHandlerCheck } from './jobs/job-processor';
import { WorkerMetricsModule } from './metrics/metrics.module';
import { RecoveryModule } from './recovery/recovery.module';
import { RenaperModule } from './renaper/renaper.module';
import { ValidationsModule } from './validations/validations.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** Confirms at start-up that Redis answers, so a misconfigured worker fails loudly instead of idling. */
@Injectable()
class RedisReadiness implements OnApplicationBootstrap {
  private readonly logger = new Logger('Worker');

  constructor(@Inject(REDIS_CONNECTION) private readonly redis: Redis) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.redis.status !== 'ready') {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('Redis did not answer within 10 s (check REDIS_URL)')), 10_000);
        this.redis.once('ready', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    await this.redis.ping();
    this.logger.log('worker connected to Redis and waiting for jobs');
  }
}

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: CONFIG_NAMESPACES, validate: validateEnvironment }),
    LoggerModule.forRootAsync({
      inject: [httpConfig.KEY],
      // The worker logs no URLs, but its messages are scrubbed like the API's (no DNI, token or key).
      useFactory: (http: HttpConfig) => ({
        pinoHttp: { level: http.logLevel, hooks: redactingLogHooks, transport: logTransport(http.logFormat) },
      }),
    }),
    DiscoveryModule,
    RedisModule,
    AuditModule,
    StorageModule,
    QueueModule.forWorker(),
    WorkerMetricsModule,
    RenaperModule,
    WebhooksModule,
    ValidationsModule,
    RecoveryModule,
  ],
  providers: [RedisReadiness, JobHandlerCheck],
})
export class WorkerModule {
  /** The application with the session clock (the machine's unless a test hands in its own). */
  static withClock(clock?: Clock): DynamicModule {
    return { module: WorkerModule, imports: [SessionModule.forRoot(clock)] };
  }
}
