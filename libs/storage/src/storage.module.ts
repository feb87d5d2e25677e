import { Global, Logger, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { storageConfig, StorageConfig } from '@app/core';
import { EncryptedImageStorage } from './encryption/encrypted-image-storage';
import { BiometricCipher } from './encryption/envelope';
import { loadBiometricCipher } from './encryption/keyring';
import { SecretSealer } from './encryption/sealed-secret';
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
  return new EncryptedImageStorage(new LocalImageStorage(config.dir), await createBiometricCipher(config, warn));
}

/** The cipher of the configured keys (images and face templates are sealed with the same keyring). */
export function createBiometricCipher(
  config: StorageConfig,
  warn: (message: string) => void = (message) => new Logger('ImageStorage').warn(message),
): Promise<BiometricCipher> {
  return loadBiometricCipher(
    { nodeEnv: config.nodeEnv, storageDir: config.dir, keys: config.encryptionKeys, activeKeyId: config.encryptionKeyId },
    (file) => warn(`BIOMETRIC_ENCRYPTION_KEYS is not set: encrypting face images with the development key ${file} (never in production)`),
  );
}

/**
 * Provides `IMAGE_STORAGE` (see `createImageStorage`) and its `BiometricCipher`, which also seals the
 * face templates kept in the database, and the `SecretSealer` of the organizations' secrets. Global because the API and the worker both read and erase images.
 */
@Global()
@Module({
  imports: [ConfigModule.forFeature(storageConfig)],
  providers: [
    { provide: BiometricCipher, inject: [storageConfig.KEY], useFactory: (config: StorageConfig) => createBiometricCipher(config) },
    { provide: SecretSealer, inject: [BiometricCipher], useFactory: (cipher: BiometricCipher) => new SecretSealer(cipher) },
    {
      provide: IMAGE_STORAGE,
      inject: [storageConfig.KEY, BiometricCipher],
      useFactory: (config: StorageConfig, cipher: BiometricCipher) => new EncryptedImageStorage(new LocalImageStorage(config.dir), cipher),
    },
  ],
  exports: [IMAGE_STORAGE, BiometricCipher, SecretSealer],
})
export class StorageModule {}
