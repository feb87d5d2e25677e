import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { storageConfig, StorageConfig } from '@app/core';
import { EncryptedImageStorage } from './encryption/encrypted-image-storage';
import { BiometricCipher } from './encryption/envelope';
import { loadBiometricCipher } from './encryption/keyring';
import { SecretSealer } from './encryption/sealed-secret';
import { IMAGE_STORAGE, StorageProvider } from './image-storage';
import { LocalImageStorage } from './local-image-storage';
import { ProviderRoutedImageStorage } from './provider-routed-image-storage';
import { S3ImageStorage } from './s3-image-storage';

/**
 * The raw (unencrypted) store of one provider, or null when this process has no settings for it.
 * The local one always exists (STORAGE_DIR has a default); S3 needs a bucket and credentials, which
 * the environment schema requires whenever STORAGE_PROVIDER=s3.
 */
export function createProviderStorage(config: StorageConfig, provider: StorageProvider): LocalImageStorage | S3ImageStorage | null {
  if (provider === 'local') return new LocalImageStorage(config.dir);
  const { bucket, accessKeyId, secretAccessKey } = config.s3;
  if (!bucket || !accessKeyId || !secretAccessKey) return null;
  return new S3ImageStorage({ ...config.s3, bucket, accessKeyId, secretAccessKey });
}

/** The configured provider for new images, routing each record's images to the provider it names. */
export function createRoutedStorage(config: StorageConfig): ProviderRoutedImageStorage {
  const active = createProviderStorage(config, config.provider);
  if (!active) throw new Error(`STORAGE_PROVIDER=${config.provider} is missing its settings`);
  return new ProviderRoutedImageStorage(active, (provider) => createProviderStorage(config, provider));
}

/**
 * The configured image storage (`STORAGE_PROVIDER`: files under `STORAGE_DIR`, or an S3 bucket),
 * with every image encrypted at rest under `BIOMETRIC_ENCRYPTION_KEYS` whatever the provider.
 */
export async function createImageStorage(
  config: StorageConfig,
  warn: (message: string) => void = (message) => new Logger('ImageStorage').warn(message),
): Promise<EncryptedImageStorage> {
  return new EncryptedImageStorage(createRoutedStorage(config), await createBiometricCipher(config, warn));
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

/** The routed raw stores behind `IMAGE_STORAGE`, kept to close their sockets on shutdown. */
const ROUTED_STORAGE = Symbol('ROUTED_STORAGE');

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
    { provide: ROUTED_STORAGE, inject: [storageConfig.KEY], useFactory: (config: StorageConfig) => createRoutedStorage(config) },
    {
      provide: IMAGE_STORAGE,
      inject: [ROUTED_STORAGE, BiometricCipher],
      useFactory: (routed: ProviderRoutedImageStorage, cipher: BiometricCipher) => new EncryptedImageStorage(routed, cipher),
    },
  ],
  exports: [IMAGE_STORAGE, BiometricCipher, SecretSealer],
})
export class StorageModule implements OnApplicationShutdown {
  constructor(@Inject(ROUTED_STORAGE) private readonly routed: ProviderRoutedImageStorage) {}

  /** Closes the S3 client's idle sockets, so a stopping process does not wait on them. */
  onApplicationShutdown(): void {
    this.routed.close();
  }
}
