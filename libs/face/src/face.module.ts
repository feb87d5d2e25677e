import { type DynamicModule, Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { type FaceConfig, faceConfig } from '@app/core';
import { FaceEngine } from './engine/face-engine';

/**
 * Provides the `FaceEngine`, built from the validated `face` config namespace. The worker threads
 * are started before the application listens (a missing model stops the boot with its path) and
 * terminated on shutdown.
 *
 * `imports: [FaceModule]` in one module, or `FaceModule.forRoot({ global: true })` once for all.
 */
@Module({
  imports: [ConfigModule.forFeature(faceConfig)],
  providers: [
    {
      provide: FaceEngine,
      inject: [faceConfig.KEY],
      useFactory: (config: FaceConfig) => new FaceEngine(config),
    },
  ],
  exports: [FaceEngine],
})
export class FaceModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(FaceEngine) private readonly engine: FaceEngine) {}

  static forRoot(options: { global?: boolean } = {}): DynamicModule {
    return { module: FaceModule, global: options.global ?? false };
  }

  async onModuleInit(): Promise<void> {
    await this.engine.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.engine.close();
  }
}
