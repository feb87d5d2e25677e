import { Global, Logger, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { storageConfig, StorageConfig } from '@app/core';
import { EncryptedImageStorage } from './encryption/encrypted-image-storage';
import { loadBiometricCipher } from './encryption/keyring';
import { IMAGE_STORAGE } from './image-storage';
import { LocalImageStorage } from './local-image-storage';

/**
 * The configured image storage: the local filesystem under `STORAGE_DIR` (the only provider so
 * far), with every image encrypted at rest under `BIOMETRIC_ENCRYPTION_KEYS`.
 */
export async function createImageStorage(
  config: StorageConfig,
  warn: (message: string) => void = (message) => new Logger('ImageStorage').warn(message),
): Promise<EncryptedImageStorage> {
  const cipher = await loadBiometricCipher(
    { nodeEnv: config.nodeEnv, storageDir: config.dir, keys: config.encryptionKeys, activeKeyId: config.encryptionKeyId },
    (file) => warn(`BIOMETRIC_ENCRYPTION_KEYS is not set: encrypting face images with the development key ${file} (never in production)`),
  );
  return new EncryptedImageStorage(new LocalImageStorage(config.dir), cipher);
}

/**
 * Provides `IMAGE_STORAGE` (see `createImageStorage`). Global because the API and the worker both
 * read and erase images.
 */
@Global()
@Module({
  imports: [ConfigModule.forFeature(storageConfig)],
  providers: [
    {
      provide: IMAGE_STORAGE,
      inject: [storageConfig.KEY],
      useFactory: (config: StorageConfig) => createImageStorage(config),
    },
  ],
  exports: [IMAGE_STORAGE],
})
export class StorageModule {}
