import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { storageConfig, StorageConfig } from '@app/core';
import { IMAGE_STORAGE, ImageStorage } from './image-storage';
import { LocalImageStorage } from './local-image-storage';

/**
 * Provides `IMAGE_STORAGE`: the local filesystem under `STORAGE_DIR` (the only provider so far).
 * Global because the API and the worker both read and erase images.
 */
@Global()
@Module({
  imports: [ConfigModule.forFeature(storageConfig)],
  providers: [
    {
      provide: IMAGE_STORAGE,
      inject: [storageConfig.KEY],
      useFactory: (config: StorageConfig): ImageStorage => new LocalImageStorage(config.dir),
    },
  ],
  exports: [IMAGE_STORAGE],
})
export class StorageModule {}
