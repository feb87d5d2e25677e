import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from '@app/audit';
import { CONFIG_NAMESPACES, httpConfig, HttpConfig, validateEnvironment } from '@app/core';
import { FaceModule } from '@app/face';
import { QueueModule, RedisModule } from '@app/queue';
import { Clock, SessionModule } from '@app/session';
import { StorageModule } from '@app/storage';
import { ApiKeyGuard } from './auth/api-key.guard';
import { BiometricModule } from './biometric/biometric.module';
import { EntitiesModule } from './entities/entities.module';
import { FaceMatchModule } from './face-match/face-match.module';
import { HealthModule } from './health/health.module';
import { IdVerificationModule } from './id-verification/id-verification.module';
import { HostedModule } from './hosted/hosted.module';
import { LivenessModule } from './liveness/liveness.module';
import { GlobalErrorFilter } from './http/error.filter';
import { createValidationPipe } from './http/validation';
import { pinoHttpOptions } from './http/logging';
import { LimitsModule } from './limits/limits.module';
import { OrganizationLimitsGuard } from './limits/organization-limits.guard';
import { MetricsModule } from './metrics/metrics.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { SessionDecisionModule } from './validations/decision/session-decision.module';
import { ValidationsModule } from './validations/validations.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: CONFIG_NAMESPACES, validate: validateEnvironment }),
    LoggerModule.forRootAsync({
      inject: [httpConfig.KEY],
      // Named wildcard: path-to-regexp 8 refuses a bare '*' (and Nest warns about it).
      useFactory: (http: HttpConfig) => ({
        pinoHttp: pinoHttpOptions(http.logLevel, http.logFormat),
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
      }),
    }),
    AuditModule,
    StorageModule,
    FaceModule.forRoot({ global: true }),
    RedisModule,
    QueueModule.forProducer(),
    LimitsModule,
    HealthModule,
    MetricsModule,
    OrganizationsModule,
    EntitiesModule,
    FaceMatchModule,
    ValidationsModule,
    SessionDecisionModule,
    BiometricModule,
    LivenessModule,
    IdVerificationModule,
    HostedModule,
  ],
  providers: [
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    // After the key guard (global guards run in this order): it counts the authenticated caller.
    { provide: APP_GUARD, useClass: OrganizationLimitsGuard },
    { provide: APP_FILTER, useClass: GlobalErrorFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
export class ApiModule {
  /** The application with the session clock (the machine's unless a test hands in its own). */
  static withClock(clock?: Clock): DynamicModule {
    return { module: ApiModule, imports: [SessionModule.forRoot(clock)] };
  }
}
